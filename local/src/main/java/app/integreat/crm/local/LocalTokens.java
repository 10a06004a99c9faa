package app.integreat.crm.local;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Local stand-in for Cognito and the HTTP API's JWT authorizer: signs ID tokens with a key made at
 * start-up, and validates them as the authorizer does (signature, issuer, audience, expiry) before the
 * claims are handed to a function.
 */
public final class LocalTokens {
    public static final String AUDIENCE = "crm-local-client";
    private static final Duration LIFETIME = Duration.ofHours(12);

    private final RSAKey key;
    private final String issuer;
    private final Clock clock;

    public LocalTokens(String issuer, Clock clock) {
        this.issuer = issuer;
        this.clock = clock;
        try {
            this.key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot make a signing key", e);
        }
    }

    public String issuer() {
        return issuer;
    }

    /** An ID token for the address, valid for 12 hours. */
    public String issue(String email) {
        return sign(email, issuer, AUDIENCE, clock.instant().plus(LIFETIME));
    }

    /** Signs any claims with the runner's key; tests use it to make tokens that must be refused. */
    public String sign(String email, String tokenIssuer, String audience, Instant expiry) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(tokenIssuer)
                .audience(audience)
                .subject(UUID.nameUUIDFromBytes(email.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString())
                .claim("email", email)
                .claim("email_verified", true)
                .claim("token_use", "id")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expiry))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign", e);
        }
        return jwt.serialize();
    }

    /**
     * The claims of a valid token, as API Gateway passes them (every value a string), or null when the
     * token is malformed, badly signed, from another issuer or audience, or expired.
     */
    public Map<String, String> verify(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(new RSASSAVerifier(key.toRSAPublicKey()))) {
                return null;
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Instant now = clock.instant();
            if (!issuer.equals(claims.getIssuer())
                    || claims.getAudience() == null || !claims.getAudience().contains(AUDIENCE)
                    || claims.getExpirationTime() == null
                    || !claims.getExpirationTime().toInstant().isAfter(now)
                    || (claims.getNotBeforeTime() != null && claims.getNotBeforeTime().toInstant().isAfter(now))) {
                return null;
            }
            Map<String, String> out = new LinkedHashMap<>();
            for (Map.Entry<String, Object> claim : claims.getClaims().entrySet()) {
                out.put(claim.getKey(), claimText(claim.getValue()));
            }
            return out;
        } catch (ParseException | JOSEException e) {
            return null;
        }
    }

    private static String claimText(Object value) {
        if (value instanceof Date date) {
            return Long.toString(date.toInstant().getEpochSecond());
        }
        if (value instanceof List<?> list) {
            // API Gateway renders array claims as "[a b]"
            return list.size() == 1 ? String.valueOf(list.get(0)) : "[" + String.join(" ", list.stream().map(String::valueOf).toList()) + "]";
        }
        return String.valueOf(value);
    }
}
