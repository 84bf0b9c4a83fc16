package dev.lightkube.benchmarks.boot;

import java.lang.management.ManagementFactory;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The smallest Spring Boot application: no beans of its own. Started with and without the lightkube starter on the
 * class path; prints the milliseconds from JVM start to a ready context and the main thread's CPU time, then exits.
 */
@SpringBootApplication
public class MinimalApplication {

	/** The line prefix the harness looks for. */
	public static final String STARTED = "lightkube-bench-started-ms=";

	/** The prefix of the main thread's CPU time to ready, in ms (far less noisy than wall time on a busy machine). */
	public static final String MAIN_CPU = "lightkube-bench-main-cpu-ms=";

	/** Start, report, stop. */
	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(MinimalApplication.class);
		application.setBannerMode(Banner.Mode.OFF);
		ConfigurableApplicationContext context = application.run(args);
		long millis = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
		long cpuMillis = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1_000_000;
		System.out.println(STARTED + millis);
		System.out.println(MAIN_CPU + cpuMillis);
		context.close();
	}

}
