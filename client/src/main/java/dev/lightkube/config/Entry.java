package dev.lightkube.config;

import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One named kubeconfig entry as read: its value, or the problems that kept it from being built. Problems are
 * reported only when a context that uses the entry is resolved, as kubectl does.
 *
 * @param value the entry, {@code null} when {@code problems} is not empty
 * @param problems {@code field 'x': what is wrong} texts, never holding a secret
 * @param source the file that defined the entry, {@code null} when built in code
 */
record Entry<T>(@Nullable T value, List<String> problems, @Nullable Path source) {

	Entry {
		problems = List.copyOf(problems);
	}

	static <T> Entry<T> of(T value, @Nullable Path source) {
		return new Entry<>(value, List.of(), source);
	}

}
