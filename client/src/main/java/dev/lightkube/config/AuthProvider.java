package dev.lightkube.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A kubeconfig {@code users[].user.auth-provider} entry. Only {@code oidc} is supported (as kubectl: the
 * {@code id-token} is the bearer token, refreshed with the {@code refresh-token} at the issuer and written back to
 * the file); kubectl removed {@code gcp} and {@code azure}, and using a user with them fails with kubectl's advice.
 * {@code toString()} shows the keys of {@code config}, never its values.
 *
 * @param name the provider, such as {@code oidc}
 * @param config the provider's {@code config} map (for oidc: {@code idp-issuer-url}, {@code client-id},
 *     {@code client-secret}, {@code id-token}, {@code refresh-token}, {@code idp-certificate-authority},
 *     {@code idp-certificate-authority-data}, {@code extra-scopes})
 * @param file the kubeconfig file that defines the user, where refreshed tokens are written back; {@code null} when
 *     there is none (then they are kept in memory only)
 */
public record AuthProvider(String name, Map<String, String> config, @Nullable Path file) {

	/** The name of the one provider still supported. */
	public static final String OIDC = "oidc";

	public AuthProvider {
		Objects.requireNonNull(name, "name must not be null");
		config = Map.copyOf(Objects.requireNonNull(config, "config must not be null"));
	}

	@Override
	public String toString() {
		return "AuthProvider[name=" + this.name + ", config=" + new TreeSet<>(this.config.keySet()) + ", file="
				+ this.file + "]";
	}

}
