package dev.lightkube.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Every field of the full fixture replaced by a value of every other type: reading and resolving each context
 * either works or fails with a {@link ConfigException} holding no secret; never another exception.
 */
class KubeConfigRobustnessTest {

	private static final List<@Nullable Object> REPLACEMENTS = Arrays.asList(null, 42, "", "relative/x", true,
			List.of(7), List.of(), Map.of("k", 1), Map.of());

	@Test
	void everyFieldWithEveryWrongTypeGivesAConfigExceptionOrWorks() throws Exception {
		Path file = Fixtures.full();
		Object tree = YAMLMapper.builder().build().readValue(Files.readString(file), Object.class);
		List<List<Object>> paths = new ArrayList<>();
		collect(tree, new ArrayList<>(), paths);
		assertThat(paths).hasSizeGreaterThan(100);
		int configExceptions = 0;
		for (List<Object> path : paths) {
			for (Object replacement : REPLACEMENTS) {
				@SuppressWarnings("unchecked")
				Map<String, ?> mutated = (Map<String, ?>) replace(tree, path, 0, replacement);
				try {
					KubeConfig config = KubeConfig.fromMap(mutated, file);
					for (String context : config.contextNames()) {
						try {
							config.get(context);
						}
						catch (ConfigException ex) {
							configExceptions++;
							assertThat(ex.getMessage()).doesNotContain(Fixtures.SECRET_MARKER);
						}
					}
				}
				catch (ConfigException ex) {
					configExceptions++;
					assertThat(ex.getMessage()).doesNotContain(Fixtures.SECRET_MARKER);
				}
				catch (RuntimeException ex) {
					fail("path " + path + " replaced by " + replacement + " threw " + ex, ex);
				}
			}
		}
		assertThat(configExceptions).isGreaterThan(paths.size());
	}

	private static void collect(@Nullable Object node, List<Object> path, List<List<Object>> paths) {
		if (!path.isEmpty()) {
			paths.add(List.copyOf(path));
		}
		if (node instanceof Map<?, ?> map) {
			for (Object key : map.keySet()) {
				path.add(key);
				collect(map.get(key), path, paths);
				path.remove(path.size() - 1);
			}
		}
		else if (node instanceof List<?> list) {
			for (int i = 0; i < list.size(); i++) {
				path.add(i);
				collect(list.get(i), path, paths);
				path.remove(path.size() - 1);
			}
		}
	}

	/** A copy of {@code node} with the value at {@code path} replaced. */
	private static @Nullable Object replace(@Nullable Object node, List<Object> path, int depth,
			@Nullable Object replacement) {
		if (depth == path.size()) {
			return replacement;
		}
		Object step = path.get(depth);
		if (node instanceof Map<?, ?> map) {
			Map<Object, @Nullable Object> copy = new LinkedHashMap<>(map);
			copy.put(step, replace(map.get(step), path, depth + 1, replacement));
			return copy;
		}
		List<@Nullable Object> copy = new ArrayList<>((List<?>) node);
		int index = (Integer) step;
		copy.set(index, replace(copy.get(index), path, depth + 1, replacement));
		return copy;
	}

}
