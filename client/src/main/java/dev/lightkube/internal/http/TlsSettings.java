package dev.lightkube.internal.http;

import dev.lightkube.config.Cluster;
import dev.lightkube.config.ConfigException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.handler.ssl.util.KeyManagerFactoryWrapper;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.jspecify.annotations.Nullable;

/**
 * How to trust the API server and which client certificate to present: the cluster's CA (file or data, several
 * certificates allowed) or the JVM's trust store, or no verification at all; TLS 1.2 or newer only.
 */
final class TlsSettings {

	private static final String[] PROTOCOLS = { "TLSv1.3", "TLSv1.2" };

	private final @Nullable List<X509Certificate> certificateAuthorities;

	private final boolean insecure;

	private final @Nullable ClientKeyManager keyManager;

	/**
	 * @param cluster the cluster entry
	 * @param clusterName names the cluster for messages
	 * @param keyManager presents client certificates; {@code null} when the user has none
	 */
	TlsSettings(Cluster cluster, String clusterName, @Nullable ClientKeyManager keyManager) {
		String field = "certificate-authority of " + clusterName;
		byte[] ca = Pem.bytes(cluster.certificateAuthorityData(), cluster.certificateAuthority(), field);
		if (ca != null && cluster.insecureSkipTlsVerify()) {
			throw new ConfigException(clusterName + " sets both a certificate authority and insecure-skip-tls-verify:"
					+ " use one of them");
		}
		this.certificateAuthorities = (ca != null) ? Pem.certificates(ca, field) : null;
		this.insecure = cluster.insecureSkipTlsVerify();
		this.keyManager = keyManager;
	}

	boolean insecure() {
		return this.insecure;
	}

	/** Applies trust, client key and protocols to a Netty context builder. */
	void configure(SslContextBuilder builder) {
		builder.protocols(PROTOCOLS);
		if (this.insecure) {
			builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
		}
		else if (this.certificateAuthorities != null) {
			builder.trustManager(this.certificateAuthorities);
		}
		if (this.keyManager != null) {
			builder.keyManager(new KeyManagerFactoryWrapper(this.keyManager));
		}
	}

	/**
	 * A context for the TLS connection to an {@code https://} proxy: the cluster's trust as Go's transport does
	 * (the JVM's for an {@code http://} server), no ALPN.
	 */
	static SslContext proxyContext(@Nullable TlsSettings tls) {
		SslContextBuilder builder = SslContextBuilder.forClient().protocols(PROTOCOLS);
		if (tls != null) {
			tls.configure(builder);
		}
		try {
			return builder.build();
		}
		catch (SSLException ex) {
			throw new ConfigException("Cannot set up TLS to the proxy: " + ex.getMessage(), null);
		}
	}

	/** Turns host name verification on or off for one connection. */
	static void verifyHostName(SslHandler handler, boolean verify) {
		SSLEngine engine = handler.engine();
		SSLParameters parameters = engine.getSSLParameters();
		parameters.setEndpointIdentificationAlgorithm(verify ? "HTTPS" : null);
		engine.setSSLParameters(parameters);
	}

	@Override
	public String toString() {
		return "TlsSettings[certificateAuthorities=" + ((this.certificateAuthorities != null)
				? this.certificateAuthorities.size() : "JVM default") + ", insecure=" + this.insecure
				+ ", clientCertificate=" + (this.keyManager != null) + "]";
	}

}
