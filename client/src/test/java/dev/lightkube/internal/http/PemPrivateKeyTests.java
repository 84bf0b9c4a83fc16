package dev.lightkube.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.lightkube.config.ConfigException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.junit.jupiter.api.Test;

/**
 * {@link Pem#privateKey}: every key form a kubeconfig holds (kubeadm, kind, minikube and openssl write PKCS#1 RSA or
 * SEC1 EC; cert-manager and cloud tools PKCS#8), and errors that name the field but never quote the key.
 */
class PemPrivateKeyTests {

	private static final String FIELD = "client-key of user 'alice'";

	private static final TestPki pki = new TestPki("pem-ca");

	private static final TestPki.Issued rsa = pki.clientRsa("alice");

	private static final TestPki.Issued ec = pki.clientEc("alice");

	/** The curve of a P-256 key, as {@code openssl ecparam -genkey} writes it before the key. */
	private static final String EC_PARAMETERS = """
			-----BEGIN EC PARAMETERS-----
			BggqhkjOPQMBBw==
			-----END EC PARAMETERS-----
			""";

	@Test
	void rsaPkcs1() {
		assertThat(rsa.keyPemTraditional()).startsWith("-----BEGIN RSA PRIVATE KEY-----");
		assertMatches(read(rsa.keyPemTraditional()), rsa);
	}

	@Test
	void rsaPkcs8() {
		assertThat(rsa.keyPemPkcs8()).startsWith("-----BEGIN PRIVATE KEY-----");
		assertMatches(read(rsa.keyPemPkcs8()), rsa);
	}

	@Test
	void ecSec1() {
		assertThat(ec.keyPemTraditional()).startsWith("-----BEGIN EC PRIVATE KEY-----");
		assertMatches(read(ec.keyPemTraditional()), ec);
	}

	@Test
	void ecSec1AfterItsParameters() {
		assertMatches(read(EC_PARAMETERS + ec.keyPemTraditional()), ec);
	}

	@Test
	void ecPkcs8() {
		assertMatches(read(ec.keyPemPkcs8()), ec);
	}

	@Test
	void keyAfterTheCertificateInOneFile() {
		assertMatches(read(rsa.certificatePem() + rsa.keyPemTraditional()), rsa);
	}

	@Test
	void windowsLineEndings() {
		assertMatches(read(ec.keyPemTraditional().replace("\n", "\r\n")), ec);
	}

	@Test
	void encryptedPkcs8IsRefusedAsEncrypted() throws Exception {
		var encryptor = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
			.setProvider(new BouncyCastleProvider())
			.setPassword("passphrase".toCharArray())
			.build();
		String pem = TestPki.pem(new JcaPKCS8Generator(rsa.keyPair().getPrivate(), encryptor));
		assertThat(pem).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
		assertRefused(pem).withMessage(FIELD
				+ " holds an encrypted PEM private key; a kubeconfig key must be unencrypted (RSA PKCS#1/PKCS#8 or EC)");
	}

	@Test
	void opensslEncryptedTraditionalKeyIsRefusedAsEncrypted() throws Exception {
		StringWriter writer = new StringWriter();
		try (JcaPEMWriter pemWriter = new JcaPEMWriter(writer)) {
			pemWriter.writeObject(rsa.keyPair(),
					new JcePEMEncryptorBuilder("AES-128-CBC").setProvider(new BouncyCastleProvider())
						.build("passphrase".toCharArray()));
		}
		assertThat(writer.toString()).contains("Proc-Type: 4,ENCRYPTED");
		assertRefused(writer.toString()).withMessageContaining("holds an encrypted PEM private key");
	}

	@Test
	void textWithoutAKeyIsRefusedAsBefore() {
		assertRefused("not a key at all").withMessage(FIELD + " holds no PEM private key (RSA PKCS#1/PKCS#8 or EC)");
		assertRefused(rsa.certificatePem())
			.withMessage(FIELD + " holds no PEM private key (RSA PKCS#1/PKCS#8 or EC)");
		assertRefused("").withMessage(FIELD + " holds no PEM private key (RSA PKCS#1/PKCS#8 or EC)");
	}

	@Test
	void aBrokenKeyIsRefusedWithoutQuotingIt() {
		String material = rsa.keyPemTraditional().split("\n")[1];
		for (String pem : new String[] {
				// Valid base64, not a key.
				"-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n",
				// A truncated PKCS#1 key: real key material that does not parse.
				"-----BEGIN RSA PRIVATE KEY-----\n" + material + "\n-----END RSA PRIVATE KEY-----\n",
				"-----BEGIN EC PRIVATE KEY-----\n" + material + "\n-----END EC PRIVATE KEY-----\n",
				// Not base64.
				"-----BEGIN PRIVATE KEY-----\n%%%%\n-----END PRIVATE KEY-----\n",
				// A key type we do not read.
				"-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n" }) {
			// The whole message is fixed text: it cannot quote the key.
			assertRefused(pem).withMessage(FIELD + " is not a valid PEM private key (RSA PKCS#1/PKCS#8 or EC)")
				.withNoCause();
		}
	}

	private static PrivateKey read(String pem) {
		return Pem.privateKey(pem.getBytes(StandardCharsets.US_ASCII), FIELD);
	}

	private static ThrowableAssertAlternative<ConfigException> assertRefused(String pem) {
		return assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> read(pem));
	}

	/** The key read is the issued one: what it signs, the certificate's public key verifies. */
	private static void assertMatches(PrivateKey key, TestPki.Issued issued) {
		PublicKey publicKey = issued.certificate().getPublicKey();
		assertThat(key.getAlgorithm()).isEqualTo(publicKey.getAlgorithm());
		String algorithm = "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
		byte[] data = "lightkube".getBytes(StandardCharsets.US_ASCII);
		try {
			Signature signer = Signature.getInstance(algorithm);
			signer.initSign(key);
			signer.update(data);
			byte[] signature = signer.sign();
			Signature verifier = Signature.getInstance(algorithm);
			verifier.initVerify(publicKey);
			verifier.update(data);
			assertThat(verifier.verify(signature)).isTrue();
		}
		catch (GeneralSecurityException ex) {
			throw new AssertionError(ex);
		}
	}

}
