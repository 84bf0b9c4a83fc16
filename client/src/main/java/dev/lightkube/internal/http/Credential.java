package dev.lightkube.internal.http;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a request authenticates with at one moment: an {@code Authorization} value and/or a client certificate.
 * {@code toString()} masks both.
 *
 * @param authorization the {@code Authorization} header value, such as {@code Bearer ...}
 * @param certificateChain the client certificate chain (empty when none)
 * @param privateKey the client key, with a certificate chain
 * @param expiry when it stops being valid; {@code null} for never
 */
record Credential(@Nullable String authorization, List<X509Certificate> certificateChain,
		@Nullable PrivateKey privateKey, @Nullable Instant expiry) {

	static final Credential NONE = new Credential(null, List.of(), null, null);

	Credential {
		certificateChain = List.copyOf(certificateChain);
	}

	static Credential authorization(String authorization) {
		return new Credential(authorization, List.of(), null, null);
	}

	boolean hasCertificate() {
		return this.privateKey != null && !this.certificateChain.isEmpty();
	}

	boolean expired(Instant now) {
		return this.expiry != null && !now.isBefore(this.expiry);
	}

	/** The header value with its secret part masked, as client-go's {@code maskValue} does. */
	static String mask(String authorization) {
		int space = authorization.indexOf(' ');
		return (space > 0) ? authorization.substring(0, space) + " <masked>" : "<masked>";
	}

	@Override
	public String toString() {
		return "Credential[authorization=" + ((this.authorization != null) ? mask(this.authorization) : null)
				+ ", certificate=" + (hasCertificate() ? this.certificateChain.get(0).getSubjectX500Principal() : null)
				+ ", expiry=" + this.expiry + "]";
	}

}
