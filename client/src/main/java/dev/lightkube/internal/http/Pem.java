package dev.lightkube.internal.http;

import dev.lightkube.config.ConfigException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.jspecify.annotations.Nullable;

/**
 * Reads PEM certificates and private keys from kubeconfig fields. Messages name the field, never the content.
 */
final class Pem {

	private Pem() {
	}

	/** The bytes of {@code data}, else of {@code file} (data wins, as in client-go); {@code null} when neither is set. */
	static byte @Nullable [] bytes(byte @Nullable [] data, @Nullable Path file, String field) {
		if (data != null) {
			return data;
		}
		if (file == null) {
			return null;
		}
		try {
			return Files.readAllBytes(file);
		}
		catch (IOException ex) {
			throw new ConfigException("Cannot read " + field + " file " + file + ": " + ex.getClass().getSimpleName(),
					null);
		}
	}

	/** Every certificate in {@code pem}; at least one. */
	static List<X509Certificate> certificates(byte[] pem, String field) {
		try {
			CertificateFactory factory = CertificateFactory.getInstance("X.509");
			List<X509Certificate> certificates = new ArrayList<>();
			for (var certificate : factory.generateCertificates(new ByteArrayInputStream(pem))) {
				certificates.add((X509Certificate) certificate);
			}
			if (certificates.isEmpty()) {
				throw new ConfigException(field + " holds no PEM certificate");
			}
			return certificates;
		}
		catch (CertificateException | RuntimeException ex) {
			if (ex instanceof ConfigException configException) {
				throw configException;
			}
			// The JDK's messages describe the encoding problem, not the content.
			throw new ConfigException(field + " is not a valid PEM certificate", null);
		}
	}

	/** The private key in {@code pem}: RSA (PKCS#1 or PKCS#8) or EC (SEC1 or PKCS#8). */
	static PrivateKey privateKey(byte[] pem, String field) {
		try (Reader reader = new InputStreamReader(new ByteArrayInputStream(pem), StandardCharsets.US_ASCII);
				PEMParser parser = new PEMParser(reader)) {
			JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
			Object object;
			while ((object = parser.readObject()) != null) {
				if (object instanceof PEMKeyPair pair) {
					return converter.getPrivateKey(pair.getPrivateKeyInfo());
				}
				if (object instanceof PrivateKeyInfo info) {
					return converter.getPrivateKey(info);
				}
				// Other blocks (EC parameters, certificates) may precede the key.
			}
		}
		catch (IOException | RuntimeException ex) {
			// Never chain the cause: a parser message could quote key material.
			throw new ConfigException(field + " is not a valid PEM private key (RSA PKCS#1/PKCS#8 or EC)", null);
		}
		throw new ConfigException(field + " holds no PEM private key (RSA PKCS#1/PKCS#8 or EC)");
	}

}
