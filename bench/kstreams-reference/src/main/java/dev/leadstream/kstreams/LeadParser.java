package dev.leadstream.kstreams;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadstream.kstreams.Model.Lead;
import dev.leadstream.kstreams.Model.Rejection;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * src/domain/parseLead.ts and the modules it calls (fields, leadSource, offerMap with no offer map, normalize,
 * identity, occurredAt), ported rule for rule. Never throws: a bad value is a {@link Rejection}.
 */
final class LeadParser {
  static final int MAX_LEAD_BYTES = 65_536;

  /** JSON.parse: strict JSON, the whole text, no limits below what a 64 KiB value can hold. */
  static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(Integer.MAX_VALUE)
          .maxNumberLength(Integer.MAX_VALUE)
          .maxStringLength(Integer.MAX_VALUE)
          .maxNameLength(Integer.MAX_VALUE)
          .build())
      .build())
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private static final Map<String, String> SOURCE_BY_EXACT = new HashMap<>();
  private static final Map<String, String> SOURCE_BY_NAME = new HashMap<>();
  private static final Map<String, Integer> ACTION_BY_EXACT = new HashMap<>();
  private static final Map<String, Integer> ACTION_BY_NAME = new HashMap<>();

  static {
    for (String source : Model.SOURCES) SOURCE_BY_EXACT.put(source, source);
    SOURCE_BY_EXACT.put("SPZA", "AppSource (SPZA)");
    SOURCE_BY_EXACT.put("AppSource", "AppSource (SPZA)");
    SOURCE_BY_NAME.put("azuremarketplace", "AzureMarketplace");
    SOURCE_BY_NAME.put("azureportal", "AzurePortal");
    SOURCE_BY_NAME.put("appsource (spza)", "AppSource (SPZA)");
    SOURCE_BY_NAME.put("spza", "AppSource (SPZA)");
    SOURCE_BY_NAME.put("appsource", "AppSource (SPZA)");
    SOURCE_BY_NAME.put("testdrive", "TestDrive");
    for (int i = 0; i < Model.ACTIONS.length; i++) {
      ACTION_BY_EXACT.put(Model.ACTIONS[i], i);
      ACTION_BY_NAME.put(JsText.lower(Model.ACTIONS[i]), i);
    }
  }

  private static final Pattern OFFER_PATTERN = Pattern.compile("[a-z0-9][a-z0-9_-]*\\.[a-z0-9][a-z0-9._-]*");

  private LeadParser() {}

  /** parseLead(bytes, recordTimestamp) with no offer map: a Lead or a Rejection. */
  static Object parse(byte[] bytes, long recordTimestamp) {
    if (bytes == null) bytes = new byte[0];
    if (bytes.length > MAX_LEAD_BYTES) {
      return new Rejection("TOO_LARGE", "value is " + bytes.length + " bytes, over the " + MAX_LEAD_BYTES + "-byte limit");
    }
    // TextDecoder('utf-8'): invalid bytes → U+FFFD, a leading BOM dropped.
    String text = JsText.decodeUtf8(bytes);
    if (!text.isEmpty() && text.charAt(0) == '\uFEFF') text = text.substring(1);
    JsonNode value = parseJson(text);
    if (value == null) return new Rejection("NOT_JSON", "value is not valid JSON");
    if (!value.isObject()) return new Rejection("NOT_JSON", "value is JSON of type " + jsonTypeOf(value) + ", not an object");
    return parseObject((ObjectNode) value, recordTimestamp);
  }

  /** JSON.parse, or null when it would throw. */
  static JsonNode parseJson(String text) {
    try {
      JsonNode node = MAPPER.readTree(text);
      return node == null || node.isMissingNode() ? null : node;
    } catch (Exception e) {
      return null;
    }
  }

  static String jsonTypeOf(JsonNode v) {
    if (v.isNull()) return "null";
    if (v.isArray()) return "array";
    if (v.isObject()) return "object";
    if (v.isTextual()) return "string";
    if (v.isNumber()) return "number";
    if (v.isBoolean()) return "boolean";
    return "object";
  }

  private static Object parseObject(ObjectNode object, long recordTimestamp) {
    JsonNode userDetails = field(object, "UserDetails");
    JsonNode customerInfo = field(object, "CustomerInfo");
    JsonNode leadSource = field(object, "LeadSource");
    JsonNode actionCode = field(object, "ActionCode");
    JsonNode offerTitle = field(object, "OfferTitle");
    JsonNode timestamp = field(object, "Timestamp");
    JsonNode occurredAt = field(object, "OccurredAt");

    ObjectNode container = customerContainer(userDetails, customerInfo, object);
    JsonNode[] customer = new JsonNode[Model.PROFILE_FIELDS.length];
    customer[Model.FIRST_NAME] = field(container, "FirstName");
    customer[Model.LAST_NAME] = field(container, "LastName");
    customer[Model.EMAIL] = field(container, "Email");
    customer[Model.PHONE] = field(container, "Phone");
    customer[Model.COUNTRY] = field(container, "Country");
    customer[Model.COMPANY] = field(container, "Company");
    customer[Model.TITLE] = field(container, "Title");

    String testField = testFieldOf(leadSource, customer);
    if (testField != null) return new Rejection("TEST_LEAD", "marketplace validation lead: " + testField + " contains MSFT_TEST");

    // leadSource.ts parseLeadSource
    if (leadSource == null) return new Rejection("MISSING_LEAD_SOURCE", "LeadSource is missing");
    if (!leadSource.isTextual()) {
      return new Rejection("MISSING_LEAD_SOURCE", "LeadSource is not a string (found " + jsonTypeOf(leadSource) + ")");
    }
    String ls = leadSource.textValue();
    if (JsText.isBlank(ls)) return new Rejection("MISSING_LEAD_SOURCE", "LeadSource is blank");
    int bar = ls.indexOf('|');
    String head = bar < 0 ? ls : ls.substring(0, bar);
    String offerPart = bar < 0 ? null : ls.substring(bar + 1);
    int dash = head.lastIndexOf('-');
    String sourceText;
    String actionText;
    if (dash >= 0) {
      sourceText = JsText.trim(head.substring(0, dash));
      actionText = JsText.trim(head.substring(dash + 1));
      if (sourceText.isEmpty()) return new Rejection("BAD_LEAD_SOURCE", "LeadSource " + JsText.quote(ls) + " has no source before '-'");
      if (actionText.isEmpty()) return new Rejection("BAD_LEAD_SOURCE", "LeadSource " + JsText.quote(ls) + " has no action after '-'");
    } else {
      sourceText = JsText.trim(head);
      if (sourceText.isEmpty()) return new Rejection("BAD_LEAD_SOURCE", "LeadSource " + JsText.quote(ls) + " has no source");
      String code = actionCode != null && actionCode.isTextual() ? JsText.trim(actionCode.textValue()) : "";
      if (code.isEmpty()) {
        return new Rejection("BAD_LEAD_SOURCE", "LeadSource " + JsText.quote(ls) + " has no '-Action' and there is no usable ActionCode");
      }
      actionText = code;
    }
    String source = SOURCE_BY_EXACT.get(sourceText);
    if (source == null) source = SOURCE_BY_NAME.get(JsText.lower(JsText.collapseWhitespace(sourceText)));
    if (source == null) {
      return new Rejection("UNKNOWN_SOURCE", "unknown lead source " + JsText.quote(sourceText) + " (expected one of " + String.join(", ", Model.SOURCES) + ")");
    }
    Integer action = ACTION_BY_EXACT.get(actionText);
    if (action == null) action = ACTION_BY_NAME.get(JsText.lower(actionText));
    if (action == null) {
      return new Rejection("UNKNOWN_ACTION", "unknown lead action " + JsText.quote(actionText) + " (expected one of " + String.join(", ", Model.ACTIONS) + ")");
    }

    // offerMap.ts resolveOffer, with no offer map (as `leadstream run` without LEADSTREAM_OFFER_MAP)
    String offer;
    if (offerPart != null) {
      offer = JsText.lower(JsText.trim(offerPart));
      if (!OFFER_PATTERN.matcher(offer).matches()) {
        return new Rejection("BAD_OFFER", "offer " + JsText.quote(offerPart) + " in LeadSource is not \"publisherid.offerid\"");
      }
    } else {
      String title = offerTitle != null && offerTitle.isTextual() ? JsText.collapseWhitespace(offerTitle.textValue()) : "";
      if (title.isEmpty()) return new Rejection("BAD_OFFER", "LeadSource has no offer id (no \"|\") and the lead has no OfferTitle");
      return new Rejection("BAD_OFFER", "LeadSource has no offer id and no offer map is configured to look up OfferTitle " + JsText.quote(title));
    }

    Lead lead = new Lead();
    String[] profile = lead.profile;
    profile[Model.FIRST_NAME] = normalizeValue(customer[Model.FIRST_NAME]);
    profile[Model.LAST_NAME] = normalizeValue(customer[Model.LAST_NAME]);
    profile[Model.EMAIL] = normalizeEmail(customer[Model.EMAIL]);
    profile[Model.PHONE] = normalizePhone(customer[Model.PHONE]);
    profile[Model.COUNTRY] = normalizeCountry(customer[Model.COUNTRY]);
    profile[Model.COMPANY] = normalizeValue(customer[Model.COMPANY]);
    profile[Model.TITLE] = normalizeValue(customer[Model.TITLE]);

    // identity.ts identify
    String identity;
    if (profile[Model.EMAIL] != null) {
      lead.identity = "email";
      identity = "email:" + profile[Model.EMAIL];
    } else if (profile[Model.PHONE] != null) {
      lead.identity = "phone";
      identity = "phone:" + profile[Model.PHONE];
    } else if (profile[Model.FIRST_NAME] != null && profile[Model.LAST_NAME] != null && profile[Model.COMPANY] != null) {
      lead.identity = "name";
      identity = JsText.lower("name:" + profile[Model.FIRST_NAME] + "|" + profile[Model.LAST_NAME] + "|" + profile[Model.COMPANY]);
    } else {
      return new Rejection("UNIDENTIFIABLE", "no valid Email, no Phone with 7 to 15 digits, and not all of FirstName, LastName and Company");
    }
    lead.customerId = customerIdOf(identity);
    lead.source = source;
    lead.action = action;
    lead.offer = offer;
    int dot = offer.indexOf('.');
    lead.publisherId = offer.substring(0, dot);
    lead.offerId = offer.substring(dot + 1);
    // occurredAt.ts: Timestamp, then OccurredAt, then the record timestamp.
    long at = timeOf(timestamp);
    if (at == IsoTime.NONE) at = timeOf(occurredAt);
    lead.occurredAt = at == IsoTime.NONE ? recordTimestamp : at;
    return lead;
  }

  /** fields.ts exactOrIgnoringCase: the exact spelling, else the first key equal ignoring (ASCII) case. */
  static JsonNode field(ObjectNode object, String name) {
    JsonNode exact = object.get(name);
    if (exact != null) return exact;
    for (Map.Entry<String, JsonNode> entry : object.properties()) {
      if (equalsIgnoringCase(entry.getKey(), name)) return entry.getValue();
    }
    return null;
  }

  /** fields.ts equalsIgnoringCase for an ASCII name: ASCII case folding, plus U+212A (Kelvin sign) = 'k'. */
  static boolean equalsIgnoringCase(String key, String name) {
    if (key.length() != name.length()) return false;
    for (int i = 0; i < key.length(); i++) {
      char a = key.charAt(i);
      char b = asciiLower(name.charAt(i));
      if (asciiLower(a) != b && !(a == '\u212A' && b == 'k')) return false;
    }
    return true;
  }

  private static char asciiLower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + 0x20) : c;
  }

  /** fields.ts customerContainer. */
  private static ObjectNode customerContainer(JsonNode userDetails, JsonNode customerInfo, ObjectNode object) {
    if (userDetails != null && userDetails.isObject()) return (ObjectNode) userDetails;
    if (customerInfo != null && customerInfo.isObject()) return (ObjectNode) customerInfo;
    if (customerInfo != null && customerInfo.isTextual()) {
      JsonNode parsed = parseJson(customerInfo.textValue());
      if (parsed != null && parsed.isObject()) return (ObjectNode) parsed;
    }
    return object;
  }

  /** parseLead.ts testFieldOf: /msft_test/i (no u flag: only ASCII letters fold). */
  private static String testFieldOf(JsonNode leadSource, JsonNode[] customer) {
    if (hasTestMark(leadSource)) return "LeadSource";
    if (hasTestMark(customer[Model.FIRST_NAME])) return "FirstName";
    if (hasTestMark(customer[Model.LAST_NAME])) return "LastName";
    if (hasTestMark(customer[Model.EMAIL])) return "Email";
    if (hasTestMark(customer[Model.COMPANY])) return "Company";
    return null;
  }

  private static final String TEST_MARK = "msft_test";

  private static boolean hasTestMark(JsonNode value) {
    if (value == null || !value.isTextual()) return false;
    String s = value.textValue();
    int last = s.length() - TEST_MARK.length();
    outer:
    for (int i = 0; i <= last; i++) {
      for (int j = 0; j < TEST_MARK.length(); j++) {
        if (asciiLower(s.charAt(i + j)) != TEST_MARK.charAt(j)) continue outer;
      }
      return true;
    }
    return false;
  }

  /** normalize.ts normalizeValue. */
  static String normalizeValue(JsonNode value) {
    if (value == null) return null;
    if (value.isTextual()) return JsText.cleanText(value.textValue());
    if (value.isNumber()) {
      double d = value.doubleValue();
      return Double.isFinite(d) ? JsText.numberToString(d) : null;
    }
    return null;
  }

  /** normalize.ts normalizeEmail: lower-cased, kept only when it matches ^[^\s@]+@[^\s@]+\.[^\s@]+$. */
  static String normalizeEmail(JsonNode value) {
    String text = normalizeValue(value);
    if (text == null) return null;
    String email = JsText.lower(text);
    return isEmail(email) ? email : null;
  }

  static boolean isEmail(String s) {
    int at = -1;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (JsText.isWhitespace(c)) return false;
      if (c == '@') {
        if (at >= 0) return false;
        at = i;
      }
    }
    if (at < 1) return false;
    // The domain needs a '.' with at least one character on each side.
    int start = at + 1;
    int end = s.length();
    for (int i = start + 1; i < end - 1; i++) if (s.charAt(i) == '.') return true;
    return false;
  }

  /** normalize.ts normalizePhone: the digits 0–9 only, 7 to 15 of them. */
  static String normalizePhone(JsonNode value) {
    String text = normalizeValue(value);
    if (text == null) return null;
    StringBuilder digits = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') digits.append(c);
    }
    int n = digits.length();
    if (n < 7 || n > 15) return null;
    return n == text.length() ? text : digits.toString();
  }

  static String normalizeCountry(JsonNode value) {
    String text = normalizeValue(value);
    return text == null ? null : JsText.upper(text);
  }

  /** occurredAt.ts MAX_TIME_MS: the last epoch whose follow-up deadline is still a date. */
  static final double MAX_TIME_MS = 8.64e15 - 86_400_000;

  /** occurredAt.ts timeOf: an ISO-8601 UTC string or an integer from 0 to MAX_TIME_MS; NONE otherwise. */
  static long timeOf(JsonNode value) {
    if (value == null) return IsoTime.NONE;
    if (value.isTextual()) return IsoTime.parseIsoUtc(value.textValue());
    if (value.isNumber()) {
      double d = value.doubleValue();
      if (JsText.isSafeInteger(d) && d >= 0 && d <= MAX_TIME_MS) return (long) d;
    }
    return IsoTime.NONE;
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** identity.ts customerIdOf: the first 32 hex characters of SHA-256 of the identity (UTF-8). */
  static String customerIdOf(String identity) {
    byte[] digest = sha256().digest(JsText.utf8(identity));
    char[] out = new char[32];
    for (int i = 0; i < 16; i++) {
      out[2 * i] = HEX[(digest[i] >> 4) & 0xF];
      out[2 * i + 1] = HEX[digest[i] & 0xF];
    }
    return new String(out);
  }

  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  });

  private static MessageDigest sha256() {
    return SHA256.get();
  }
}
