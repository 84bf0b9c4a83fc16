package dev.lightkube.test;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;

/**
 * One {@code exec} call as an {@link ExecHandler} sees it.
 */
public interface ExecCall {

	/** The pod's namespace. */
	String namespace();

	/** The pod's name. */
	String pod();

	/** The container: the one the client named, or the pod's only container. */
	String container();

	/** The command and its arguments. */
	List<String> command();

	/** Whether the client asked for a terminal. */
	boolean tty();

	/** What the client sends; ends when the client closes stdin (or the connection). */
	InputStream stdin();

	/** Goes to the client's stdout channel. */
	PrintStream stdout();

	/** Goes to the client's stderr channel. */
	PrintStream stderr();

}
