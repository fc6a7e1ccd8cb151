package dev.leadstream.kstreams;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import dev.leadstream.kstreams.Model.CustomerState;
import dev.leadstream.kstreams.Model.FunnelProgressed;
import dev.leadstream.kstreams.Model.Lead;
import dev.leadstream.kstreams.Model.OfferFunnel;
import dev.leadstream.kstreams.Model.Rejection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * JSON serdes (Jackson streaming, one shared factory) for the keyed lead, the customer state (the store value, i.e.
 * the changelog record), the progression and the DLQ record. Field names and order are ours: Lead (lead.ts), the
 * view (customerView.ts toCustomerView), FunnelProgressed (events.ts); times are epoch milliseconds.
 */
final class JsonSerdes {
  private JsonSerdes() {}

  /** Characters outside the BMP written as 4-byte UTF-8 (as JSON.stringify + UTF-8 does), not as escaped pairs. */
  static final JsonFactory FACTORY = JsonFactory.builder().enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();

  interface Writer<T> {
    void write(JsonGenerator g, T value) throws IOException;
  }

  interface Reader<T> {
    T read(JsonParser p) throws IOException;
  }

  static <T> byte[] toBytes(Writer<T> writer, T value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      writer.write(g, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static <T> T fromBytes(Reader<T> reader, byte[] bytes) {
    try (JsonParser p = FACTORY.createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_OBJECT) throw new SerializationException("expected a JSON object");
      return reader.read(p);
    } catch (IOException e) {
      throw new SerializationException("bad JSON", e);
    }
  }

  static <T> Serde<T> serde(Writer<T> writer, Reader<T> reader) {
    Serializer<T> serializer = (topic, value) -> value == null ? null : toBytes(writer, value);
    Deserializer<T> deserializer = (topic, bytes) -> bytes == null ? null : fromBytes(reader, bytes);
    return Serdes.serdeFrom(serializer, deserializer);
  }

  static <T> Serializer<T> serializer(Writer<T> writer) {
    return (topic, value) -> value == null ? null : toBytes(writer, value);
  }

  // ---- helpers

  private static void timeField(JsonGenerator g, String name, long ms) throws IOException {
    if (ms == Model.NO_TIME) g.writeNullField(name);
    else g.writeNumberField(name, ms);
  }

  private static void stringField(JsonGenerator g, String name, String value) throws IOException {
    if (value == null) g.writeNullField(name);
    else g.writeStringField(name, value);
  }

  private static String text(JsonParser p) throws IOException {
    return p.currentToken() == JsonToken.VALUE_NULL ? null : p.getText();
  }

  private static long time(JsonParser p) throws IOException {
    return p.currentToken() == JsonToken.VALUE_NULL ? Model.NO_TIME : p.getLongValue();
  }

  private static void readProfile(JsonParser p, String[] into) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      int f = Model.indexOf(Model.PROFILE_FIELDS, p.currentName());
      p.nextToken();
      if (f >= 0) into[f] = text(p);
      else p.skipChildren();
    }
  }

  private static void readTimes(JsonParser p, String[] names, long[] into) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      int f = Model.indexOf(names, p.currentName());
      p.nextToken();
      if (f >= 0) into[f] = time(p);
      else p.skipChildren();
    }
  }

  // ---- Lead (leads.keyed)

  static void writeLead(JsonGenerator g, Lead lead) throws IOException {
    g.writeStartObject();
    g.writeStringField("kind", "Lead");
    g.writeStringField("customerId", lead.customerId);
    g.writeStringField("identity", lead.identity);
    g.writeStringField("source", lead.source);
    g.writeStringField("action", Model.ACTIONS[lead.action]);
    g.writeStringField("offer", lead.offer);
    g.writeStringField("publisherId", lead.publisherId);
    g.writeStringField("offerId", lead.offerId);
    g.writeObjectFieldStart("profile");
    // A lone surrogate (from a \\uD800 escape in the raw JSON) cannot be written as UTF-8: the reference writes what
    // our own keyed topic carries for it (see JsText.afterOurAvro), so both aggregates see the same profile.
    for (int f = 0; f < Model.PROFILE_FIELDS.length; f++) {
      String value = lead.profile[f];
      stringField(g, Model.PROFILE_FIELDS[f], value == null ? null : JsText.afterOurAvro(value));
    }
    g.writeEndObject();
    g.writeNumberField("occurredAt", lead.occurredAt);
    g.writeEndObject();
  }

  static Lead readLead(JsonParser p) throws IOException {
    Lead lead = new Lead();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      switch (name) {
        case "customerId": lead.customerId = p.getText(); break;
        case "identity": lead.identity = p.getText(); break;
        case "source": lead.source = p.getText(); break;
        case "action": lead.action = Model.indexOf(Model.ACTIONS, p.getText()); break;
        case "offer": lead.offer = p.getText(); break;
        case "publisherId": lead.publisherId = p.getText(); break;
        case "offerId": lead.offerId = p.getText(); break;
        case "profile": readProfile(p, lead.profile); break;
        case "occurredAt": lead.occurredAt = p.getLongValue(); break;
        default: p.skipChildren();
      }
    }
    if (lead.action < 0) throw new SerializationException("unknown action");
    return lead;
  }

  // ---- CustomerState (the customers store, its changelog = customers.v1)

  static void writeCustomer(JsonGenerator g, CustomerState s) throws IOException {
    g.writeStartObject();
    g.writeStringField("customerId", s.customerId);
    g.writeStringField("identity", s.identity);
    g.writeObjectFieldStart("profile");
    for (int f = 0; f < Model.PROFILE_FIELDS.length; f++) stringField(g, Model.PROFILE_FIELDS[f], s.profile[f]);
    g.writeEndObject();
    g.writeObjectFieldStart("profileUpdatedAt");
    for (int f = 0; f < Model.PROFILE_FIELDS.length; f++) timeField(g, Model.PROFILE_FIELDS[f], s.profileUpdatedAt[f]);
    g.writeEndObject();
    g.writeArrayFieldStart("offers");
    for (OfferFunnel o : s.offers) {
      g.writeStartObject();
      g.writeStringField("offer", o.offer);
      g.writeStringField("publisherId", o.publisherId);
      g.writeStringField("offerId", o.offerId);
      g.writeStringField("stage", Model.STAGES[o.stage]);
      g.writeBooleanField("doNotContact", o.doNotContact);
      g.writeNumberField("leads", o.leads);
      g.writeObjectFieldStart("firstAt");
      for (int a = 0; a < Model.ACTIONS.length; a++) if (o.firstAt[a] != Model.NO_TIME) g.writeNumberField(Model.ACTIONS[a], o.firstAt[a]);
      g.writeEndObject();
      g.writeNumberField("lastAt", o.lastAt);
      timeField(g, "followedUpAt", o.followedUpAt);
      stringField(g, "alertedOverdue", o.alertedOverdue);
      g.writeBooleanField("alertedStalled", o.alertedStalled);
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeNumberField("leads", s.leads);
    g.writeNumberField("duplicateLeads", s.duplicateLeads);
    timeField(g, "firstSeenAt", s.firstSeenAt);
    timeField(g, "lastSeenAt", s.lastSeenAt);
    g.writeEndObject();
  }

  static CustomerState readCustomer(JsonParser p) throws IOException {
    CustomerState s = new CustomerState();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      switch (name) {
        case "customerId": s.customerId = p.getText(); break;
        case "identity": s.identity = p.getText(); break;
        case "profile": readProfile(p, s.profile); break;
        case "profileUpdatedAt": readTimes(p, Model.PROFILE_FIELDS, s.profileUpdatedAt); break;
        case "offers":
          while (p.nextToken() == JsonToken.START_OBJECT) s.offers.add(readOffer(p));
          break;
        case "leads": s.leads = p.getLongValue(); break;
        case "duplicateLeads": s.duplicateLeads = p.getLongValue(); break;
        case "firstSeenAt": s.firstSeenAt = time(p); break;
        case "lastSeenAt": s.lastSeenAt = time(p); break;
        default: p.skipChildren();
      }
    }
    return s;
  }

  private static OfferFunnel readOffer(JsonParser p) throws IOException {
    OfferFunnel o = new OfferFunnel();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      switch (name) {
        case "offer": o.offer = p.getText(); break;
        case "publisherId": o.publisherId = p.getText(); break;
        case "offerId": o.offerId = p.getText(); break;
        case "stage": o.stage = Model.indexOf(Model.STAGES, p.getText()); break;
        case "doNotContact": o.doNotContact = p.getBooleanValue(); break;
        case "leads": o.leads = p.getLongValue(); break;
        case "firstAt": readTimes(p, Model.ACTIONS, o.firstAt); break;
        case "lastAt": o.lastAt = p.getLongValue(); break;
        case "followedUpAt": o.followedUpAt = time(p); break;
        case "alertedOverdue": o.alertedOverdue = text(p); break;
        case "alertedStalled": o.alertedStalled = p.getBooleanValue(); break;
        default: p.skipChildren();
      }
    }
    return o;
  }

  // ---- FunnelProgressed (funnel.progression)

  static void writeProgressed(JsonGenerator g, FunnelProgressed e) throws IOException {
    g.writeStartObject();
    g.writeStringField("type", "FunnelProgressed");
    g.writeStringField("customerId", e.customerId);
    g.writeStringField("offer", e.offer);
    g.writeStringField("publisherId", e.publisherId);
    g.writeStringField("offerId", e.offerId);
    g.writeStringField("fromStage", Model.STAGES[e.fromStage]);
    g.writeStringField("toStage", Model.STAGES[e.toStage]);
    g.writeStringField("action", Model.ACTIONS[e.action]);
    g.writeStringField("source", e.source);
    g.writeNumberField("occurredAt", e.occurredAt);
    g.writeNumberField("followUpBy", e.followUpBy);
    g.writeEndObject();
  }

  // ---- Rejection (leads.dlq)

  static void writeRejection(JsonGenerator g, Rejection r) throws IOException {
    g.writeStartObject();
    g.writeStringField("code", r.code);
    g.writeStringField("reason", r.reason);
    g.writeEndObject();
  }

  static final Serde<Lead> LEAD = serde(JsonSerdes::writeLead, JsonSerdes::readLead);
  static final Serde<CustomerState> CUSTOMER = serde(JsonSerdes::writeCustomer, JsonSerdes::readCustomer);
  /** Write-only serdes (the reference never reads these topics back). */
  static final Serde<FunnelProgressed> PROGRESSED = writeOnly(JsonSerdes::writeProgressed);
  static final Serde<Rejection> REJECTION = writeOnly(JsonSerdes::writeRejection);

  private static <T> Serde<T> writeOnly(Writer<T> writer) {
    Deserializer<T> none = (topic, bytes) -> {
      throw new UnsupportedOperationException("write-only serde");
    };
    return Serdes.serdeFrom(serializer(writer), none);
  }
}
