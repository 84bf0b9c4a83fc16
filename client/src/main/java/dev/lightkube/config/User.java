package dev.lightkube.config;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A kubeconfig {@code users[].user} entry: how to authenticate. Paths are absolute; {@code *Data} fields
 * hold decoded bytes. {@code toString()} masks every secret.
 *
 * @param token a bearer token
 * @param tokenFile a file holding the bearer token, re-read as it rotates
 * @param username basic-auth user name
 * @param password basic-auth password
 * @param clientCertificate PEM file of the client certificate
 * @param clientCertificateData PEM bytes of the client certificate
 * @param clientKey PEM file of the client key (RSA in PKCS#1 or PKCS#8, or EC)
 * @param clientKeyData PEM bytes of the client key
 * @param exec a credential plugin
 * @param authProvider an {@code auth-provider}: {@code oidc} is supported, the others are kept to explain why not
 */
public record User(@Nullable String token, @Nullable Path tokenFile, @Nullable String username,
		@Nullable String password, @Nullable Path clientCertificate, byte @Nullable [] clientCertificateData,
		@Nullable Path clientKey, byte @Nullable [] clientKeyData, @Nullable ExecConfig exec,
		@Nullable AuthProvider authProvider) {

	/** No credentials at all. */
	public static final User ANONYMOUS = new User(null, null, null, null, null, null, null, null, null, null);

	/** A user that authenticates with a bearer token. */
	public static User ofToken(String token) {
		return new User(token, null, null, null, null, null, null, null, null, null);
	}

	/** A kind of credential a user entry can carry. */
	public enum CredentialKind {

		/** {@code token}: a bearer token. */
		TOKEN,

		/** {@code tokenFile}: a bearer token read from a file. */
		TOKEN_FILE,

		/** {@code username} and {@code password}. */
		BASIC,

		/** {@code client-certificate} and {@code client-key}, as files or data. */
		CLIENT_CERTIFICATE,

		/** {@code exec}: a credential plugin. */
		EXEC,

		/** {@code auth-provider}: {@code oidc} (others fail when used). */
		AUTH_PROVIDER

	}

	/** The kinds of credentials this entry sets; empty for anonymous access. */
	public Set<CredentialKind> credentialKinds() {
		Set<CredentialKind> kinds = EnumSet.noneOf(CredentialKind.class);
		if (this.token != null) {
			kinds.add(CredentialKind.TOKEN);
		}
		if (this.tokenFile != null) {
			kinds.add(CredentialKind.TOKEN_FILE);
		}
		if (this.username != null || this.password != null) {
			kinds.add(CredentialKind.BASIC);
		}
		if (this.clientCertificate != null || this.clientCertificateData != null || this.clientKey != null
				|| this.clientKeyData != null) {
			kinds.add(CredentialKind.CLIENT_CERTIFICATE);
		}
		if (this.exec != null) {
			kinds.add(CredentialKind.EXEC);
		}
		if (this.authProvider != null) {
			kinds.add(CredentialKind.AUTH_PROVIDER);
		}
		return kinds;
	}

	@Override
	public String toString() {
		return "User[token=" + Masking.secret(this.token) + ", tokenFile=" + this.tokenFile + ", username="
				+ this.username + ", password=" + Masking.secret(this.password) + ", clientCertificate="
				+ this.clientCertificate + ", clientCertificateData="
				+ (this.clientCertificateData != null ? "<" + this.clientCertificateData.length + " bytes>" : null)
				+ ", clientKey=" + this.clientKey + ", clientKeyData=" + Masking.bytes(this.clientKeyData) + ", exec="
				+ this.exec + ", authProvider=" + this.authProvider + "]";
	}

}
