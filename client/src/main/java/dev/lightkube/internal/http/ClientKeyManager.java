package dev.lightkube.internal.http;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.jspecify.annotations.Nullable;

/**
 * The client certificate offered in TLS handshakes. Replaceable at run time, because an exec plugin may hand
 * out a new certificate when the old one expires; connections opened afterwards present the new one.
 */
final class ClientKeyManager extends X509ExtendedKeyManager {

	private static final String ALIAS = "lightkube";

	private volatile @Nullable Credential credential;

	private volatile Runnable onChange = () -> {
	};

	/**
	 * Presents the certificate of {@code credential} from now on (nothing when it has none). Replacing one
	 * certificate by another runs the change listener.
	 */
	void use(Credential credential) {
		Credential previous = this.credential;
		this.credential = credential.hasCertificate() ? credential : null;
		if (previous != null && !previous.certificateChain().equals(credential.certificateChain())) {
			this.onChange.run();
		}
	}

	/** Runs {@code listener} when the certificate is replaced. */
	void onChange(Runnable listener) {
		this.onChange = listener;
	}

	@Override
	public String @Nullable [] getClientAliases(String keyType, Principal @Nullable [] issuers) {
		return (this.credential != null) ? new String[] { ALIAS } : null;
	}

	@Override
	public @Nullable String chooseClientAlias(String[] keyType, Principal @Nullable [] issuers, @Nullable Socket socket) {
		return (this.credential != null) ? ALIAS : null;
	}

	@Override
	public @Nullable String chooseEngineClientAlias(String[] keyType, Principal @Nullable [] issuers,
			@Nullable SSLEngine engine) {
		return (this.credential != null) ? ALIAS : null;
	}

	@Override
	public String @Nullable [] getServerAliases(String keyType, Principal @Nullable [] issuers) {
		return null;
	}

	@Override
	public @Nullable String chooseServerAlias(String keyType, Principal @Nullable [] issuers, @Nullable Socket socket) {
		return null;
	}

	@Override
	public X509Certificate @Nullable [] getCertificateChain(String alias) {
		Credential current = this.credential;
		return (current != null && ALIAS.equals(alias)) ? current.certificateChain().toArray(new X509Certificate[0])
				: null;
	}

	@Override
	public @Nullable PrivateKey getPrivateKey(String alias) {
		Credential current = this.credential;
		return (current != null && ALIAS.equals(alias)) ? current.privateKey() : null;
	}

	@Override
	public String toString() {
		return "ClientKeyManager[" + this.credential + "]";
	}

}
