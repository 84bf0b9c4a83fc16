package dev.lightkube.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A kubeconfig {@code users[].user.exec} entry: a credential plugin
 * ({@code client.authentication.k8s.io/v1} or {@code v1beta1}).
 *
 * @param command the program to run; a relative path containing a separator is resolved against the
 *     kubeconfig's folder, a bare name is looked up on the {@code PATH}
 * @param args its arguments
 * @param env extra environment variables (values are masked in {@code toString()})
 * @param apiVersion the {@code ExecCredential} API version to send and expect
 * @param installHint shown when the command cannot be found
 * @param provideClusterInfo pass the cluster's details in {@code KUBERNETES_EXEC_INFO}
 * @param interactiveMode whether the plugin may use the terminal
 */
public record ExecConfig(String command, List<String> args, Map<String, String> env, String apiVersion,
		@Nullable String installHint, boolean provideClusterInfo, InteractiveMode interactiveMode) {

	/** The {@code interactiveMode} field. */
	public enum InteractiveMode {

		/** The plugin never uses standard input. */
		NEVER,

		/** The plugin may use standard input when it is a terminal. */
		IF_AVAILABLE,

		/** The plugin needs a terminal; without one the credential cannot be obtained. */
		ALWAYS

	}

	public ExecConfig {
		Objects.requireNonNull(command, "command must not be null");
		Objects.requireNonNull(apiVersion, "apiVersion must not be null");
		Objects.requireNonNull(interactiveMode, "interactiveMode must not be null");
		args = List.copyOf(args);
		env = Map.copyOf(env);
	}

	@Override
	public String toString() {
		// Arguments may carry secrets (client-go redacts them too): only their number is shown.
		return "ExecConfig[command=" + this.command + ", args=" + (this.args.isEmpty() ? "[]"
				: "<" + this.args.size() + " masked>") + ", env=" + this.env.keySet()
				+ ", apiVersion=" + this.apiVersion + ", provideClusterInfo=" + this.provideClusterInfo
				+ ", interactiveMode=" + this.interactiveMode + "]";
	}

}
