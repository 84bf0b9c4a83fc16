package dev.lightkube.benchmarks.profile;

import java.io.IOException;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.jar.JarFile;

import org.springframework.context.event.EventListener;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * The two costs the starter adds to the start-up of a bean-less application that no configuration of the starter
 * removes (issue 19), each measured in main-thread CPU time:
 * <ol>
 * <li>opening the jars the starter adds to Spring Boot's own starter (Spring Boot opens every jar of the class path
 * at start-up, looking for {@code META-INF/spring.factories} in each), read from the build's class path files;</li>
 * <li>Spring reading the types of the starter's beans: after the singletons are created, Spring's
 * {@code EventListenerMethodProcessor} looks for {@code @EventListener} methods on the type of every bean
 * definition, lazy ones included, which loads every type named in their method signatures and verifies the class.
 * This repeats that lookup per type, after the jars are open and Spring's annotation code has run once on a
 * Spring type, in the order Spring meets the beans.</li>
 * </ol>
 * Run in a fresh JVM, from the repository: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.lightkube.benchmarks.profile.StartupCostProfile [target directory]}. Cold-start costs: run it a few times and
 * read the spread, not one number.
 */
public final class StartupCostProfile {

	/** The starter's bean types, in the order of their bean definitions. */
	private static final List<String> BEAN_TYPES = List.of("dev.lightkube.autoconfigure.LightkubeProperties",
			"dev.lightkube.autoconfigure.PropertiesKubeConnectionDetails",
			"dev.lightkube.autoconfigure.PropertiesKubeClientBuilderCustomizer", "dev.lightkube.KubeClientBuilder",
			"dev.lightkube.KubeClient", "dev.lightkube.informer.SharedInformerFactory", "dev.lightkube.ReactiveKubeClient",
			"dev.lightkube.listener.KubeWatchListenerRegistry");

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	private static final ClassLoadingMXBean CLASSES = ManagementFactory.getClassLoadingMXBean();

	private StartupCostProfile() {
	}

	/** Prints both measurements. */
	public static void main(String[] args) throws Exception {
		Path target = Path.of((args.length > 0) ? args[0] : "benchmarks/target");
		// First, before any class of a library is looked up (which would open its jar).
		openJars(target);
		readBeanTypes();
	}

	private static void openJars(Path target) throws IOException {
		Set<String> boot = new LinkedHashSet<>(classPath(target.resolve("boot-without.classpath")));
		List<String> added = new ArrayList<>();
		for (String entry : classPath(target.resolve("starter-runtime.classpath"))) {
			if (!boot.contains(entry) && entry.endsWith(".jar")) {
				added.add(entry);
			}
		}
		// Warm the zip code on a jar of Spring Boot's own starter (every application opens those).
		try (JarFile warm = new JarFile(boot.stream().filter((entry) -> entry.endsWith(".jar")).findFirst()
			.orElseThrow())) {
			warm.getManifest();
		}
		long entries = 0;
		long start = THREADS.getCurrentThreadCpuTime();
		List<JarFile> open = new ArrayList<>();
		for (String jar : added) {
			JarFile file = new JarFile(jar);
			file.getEntry("META-INF/spring.factories");
			file.getManifest();
			entries += file.size();
			open.add(file);
		}
		long cpu = THREADS.getCurrentThreadCpuTime() - start;
		for (JarFile file : open) {
			file.close();
		}
		System.out.printf(Locale.ROOT, "opening the %d jars the starter adds (%d entries): %.1f ms CPU%n",
				added.size(), entries, cpu / 1e6);
	}

	private static void readBeanTypes() throws Exception {
		ClassLoader loader = StartupCostProfile.class.getClassLoader();
		// Open every jar as Spring Boot does, and run Spring's annotation lookup once on a Spring type.
		Enumeration<?> factories = loader.getResources("META-INF/spring.factories");
		while (factories.hasMoreElements()) {
			factories.nextElement();
		}
		lookUpListeners(Class.forName("org.springframework.core.env.StandardEnvironment", false, loader));
		double total = 0;
		for (String name : BEAN_TYPES) {
			int classes = CLASSES.getLoadedClassCount();
			long start = THREADS.getCurrentThreadCpuTime();
			lookUpListeners(Class.forName(name, false, loader));
			double millis = (THREADS.getCurrentThreadCpuTime() - start) / 1e6;
			total += millis;
			System.out.printf(Locale.ROOT, "reading %-66s %5.1f ms CPU, %3d classes loaded%n", name, millis,
					CLASSES.getLoadedClassCount() - classes);
		}
		System.out.printf(Locale.ROOT, "reading the starter's bean types: %.1f ms CPU%n", total);
	}

	/** What {@code EventListenerMethodProcessor} does with a bean definition's type. */
	private static void lookUpListeners(Class<?> type) {
		MethodIntrospector.selectMethods(type, (MethodIntrospector.MetadataLookup<EventListener>) (method) -> AnnotatedElementUtils
			.findMergedAnnotation(method, EventListener.class));
	}

	private static List<String> classPath(Path file) throws IOException {
		return List.of(Files.readString(file, StandardCharsets.UTF_8).trim().split(java.io.File.pathSeparator));
	}

}
