package dev.lightkube.config;

import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A kubeconfig {@code clusters[].cluster} entry: where the API server is and how to trust it.
 * Paths are absolute (relative ones were resolved against the folder of the kubeconfig file that named them).
 * {@code *Data} fields hold the decoded bytes of the base64 values.
 *
 * @param server the API server URL, such as {@code https://10.0.0.1:6443}
 * @param certificateAuthority PEM file of the certificate authorities to trust
 * @param certificateAuthorityData PEM bytes of the certificate authorities to trust
 * @param insecureSkipTlsVerify do not verify the server's certificate (never together with a CA)
 * @param tlsServerName the name used for SNI and to verify the server certificate, instead of the URL's host
 * @param proxyUrl proxy for every request to this cluster ({@code http}, {@code https} or {@code socks5})
 * @param disableCompression do not ask for compressed responses
 */
public record Cluster(String server, @Nullable Path certificateAuthority, byte @Nullable [] certificateAuthorityData,
		boolean insecureSkipTlsVerify, @Nullable String tlsServerName, @Nullable String proxyUrl,
		boolean disableCompression) {

	public Cluster {
		Objects.requireNonNull(server, "server must not be null");
	}

	/** A cluster reached at {@code server} with the JVM's default trust. */
	public static Cluster of(String server) {
		return new Cluster(server, null, null, false, null, null, false);
	}

	@Override
	public String toString() {
		return "Cluster[server=" + Masking.url(this.server) + ", certificateAuthority=" + this.certificateAuthority
				+ ", certificateAuthorityData=" + (this.certificateAuthorityData != null ? "<" + this.certificateAuthorityData.length + " bytes>" : null)
				+ ", insecureSkipTlsVerify=" + this.insecureSkipTlsVerify + ", tlsServerName=" + this.tlsServerName
				+ ", proxyUrl=" + Masking.url(this.proxyUrl) + ", disableCompression=" + this.disableCompression + "]";
	}

}
