package dev.lightkube.internal.http;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/** Certificates for the tests: a CA, server and client certificates signed by it, in PEM and PKCS#12. */
final class TestPki {

	static final char[] STORE_PASSWORD = "store-password".toCharArray();

	private static final AtomicLong serial = new AtomicLong(System.currentTimeMillis());

	/** A key pair and its certificate. */
	record Issued(KeyPair keyPair, X509Certificate certificate) {

		String certificatePem() {
			return pem(this.certificate);
		}

		/** The key in the traditional form: PKCS#1 for RSA, SEC1 with the curve named (as openssl writes it) for EC. */
		String keyPemTraditional() {
			if (!"EC".equals(this.keyPair.getPrivate().getAlgorithm())) {
				return pem(this.keyPair);
			}
			try {
				PrivateKeyInfo info = PrivateKeyInfo.getInstance(this.keyPair.getPrivate().getEncoded());
				ECPrivateKey inner = ECPrivateKey.getInstance(info.parsePrivateKey());
				ECPrivateKey withCurve = new ECPrivateKey(256, inner.getKey(),
						info.getPrivateKeyAlgorithm().getParameters());
				return pem(new PemObject("EC PRIVATE KEY", withCurve.getEncoded()));
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}

		String keyPemPkcs8() {
			return pem(new PemObject("PRIVATE KEY", this.keyPair.getPrivate().getEncoded()));
		}

	}

	private final Issued ca;

	TestPki(String caName) {
		KeyPair keyPair = rsa();
		this.ca = new Issued(keyPair, sign(new X500Principal("CN=" + caName), keyPair, null, true));
	}

	Issued ca() {
		return this.ca;
	}

	Issued server(String... dnsNames) {
		return issue(rsa(), "CN=" + dnsNames[0], dnsNames);
	}

	Issued clientRsa(String commonName) {
		return issue(rsa(), "CN=" + commonName);
	}

	Issued clientEc(String commonName) {
		return issue(ec(), "CN=" + commonName);
	}

	private Issued issue(KeyPair keyPair, String subject, String... dnsNames) {
		return new Issued(keyPair, sign(new X500Principal(subject), keyPair, dnsNames, false));
	}

	/** A PKCS#12 key store holding {@code issued} as its only key entry. */
	static Path keyStore(Issued issued, Path file) {
		try {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(null, null);
			store.setKeyEntry("key", issued.keyPair().getPrivate(), STORE_PASSWORD,
					new X509Certificate[] { issued.certificate() });
			return save(store, file);
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A PKCS#12 trust store holding {@code certificate}. */
	static Path trustStore(X509Certificate certificate, Path file) {
		try {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(null, null);
			store.setCertificateEntry("ca", certificate);
			return save(store, file);
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Path save(KeyStore store, Path file) throws IOException, GeneralSecurityException {
		try (OutputStream output = Files.newOutputStream(file)) {
			store.store(output, STORE_PASSWORD);
		}
		return file;
	}

	private X509Certificate sign(X500Principal subject, KeyPair subjectKeys, String[] dnsNames, boolean ca) {
		try {
			X500Principal issuer = ca ? subject : this.ca.certificate().getSubjectX500Principal();
			KeyPair signer = ca ? subjectKeys : this.ca.keyPair();
			Instant now = Instant.now();
			var builder = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(serial.incrementAndGet()),
					Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject,
					subjectKeys.getPublic());
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
			if (dnsNames != null && dnsNames.length > 0) {
				GeneralName[] names = new GeneralName[dnsNames.length];
				for (int i = 0; i < dnsNames.length; i++) {
					names[i] = new GeneralName(GeneralName.dNSName, dnsNames[i]);
				}
				builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
			}
			var contentSigner = new JcaContentSignerBuilder("SHA256withRSA").build(signer.getPrivate());
			return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static KeyPair rsa() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static KeyPair ec() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String pem(Object object) {
		StringWriter out = new StringWriter();
		try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
			writer.writeObject(object);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return out.toString();
	}

	static byte[] bytes(String pem) {
		return pem.getBytes(StandardCharsets.US_ASCII);
	}

}
