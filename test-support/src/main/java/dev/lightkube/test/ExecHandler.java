package dev.lightkube.test;

/**
 * What runs when a client calls {@code exec} on a pod: reads stdin, writes stdout and stderr, returns the exit code.
 */
@FunctionalInterface
public interface ExecHandler {

	/** Runs the command; a non-zero result is reported as a non-zero exit code, an exception as an internal error. */
	int run(ExecCall call) throws Exception;

}
