package dev.lightkube.internal.http;

import dev.lightkube.config.ConfigException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.ssl.pem.PemContent;

/**
 * Reads PEM certificates and private keys from kubeconfig fields. Messages name the field, never the content.
 */
final class Pem {

	/**
	 * The first private key block's header; group 1 is what precedes {@code PRIVATE KEY} ({@code RSA}, {@code EC},
	 * {@code ENCRYPTED}...).
	 */
	private static final Pattern KEY_HEADER = Pattern.compile("-+BEGIN\\s+([A-Z0-9 ]*)PRIVATE\\s+KEY-+");

	/** An OpenSSL-encrypted traditional key (PKCS#1 or SEC1 with a DEK-Info header). */
	private static final Pattern LEGACY_ENCRYPTION = Pattern.compile("Proc-Type:\\s*4\\s*,\\s*ENCRYPTED");

	private static final String KINDS = " (RSA PKCS#1/PKCS#8 or EC)";

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

	/**
	 * The private key in {@code pem}: RSA (PKCS#1 or PKCS#8) or EC (SEC1, after an optional {@code EC PARAMETERS}
	 * block, or PKCS#8). Spring Boot's PEM reader does the DER work (the JDK reads only PKCS#8).
	 */
	static PrivateKey privateKey(byte[] pem, String field) {
		String text = new String(pem, StandardCharsets.US_ASCII);
		Matcher header = KEY_HEADER.matcher(text);
		if (!header.find()) {
			throw new ConfigException(field + " holds no PEM private key" + KINDS);
		}
		if (header.group(1).contains("ENCRYPTED") || LEGACY_ENCRYPTION.matcher(text).find()) {
			// kubectl and client-go read unencrypted keys only; there is no field for a passphrase.
			throw new ConfigException(field + " holds an encrypted PEM private key; a kubeconfig key must be unencrypted"
					+ KINDS);
		}
		@Nullable PrivateKey key = null;
		try {
			key = PemContent.of(text).getPrivateKey();
		}
		catch (RuntimeException ex) {
			// Never chain the cause: the reader's message could quote key material.
		}
		if (key == null) {
			throw new ConfigException(field + " is not a valid PEM private key" + KINDS, null);
		}
		return key;
	}

}
