package dev.leadstream.kstreams;

import dev.leadstream.kstreams.Model.CustomerState;
import dev.leadstream.kstreams.Model.FunnelProgressed;
import dev.leadstream.kstreams.Model.Lead;
import dev.leadstream.kstreams.Model.Rejection;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The two sub-topologies of leadstream (src/pipeline/leadTopology.ts): ingest (raw bytes → parse → keyed lead or
 * DLQ record) and aggregate (keyed lead → the customer's state in the {@code customers} store → progressions).
 */
final class LeadTopology {
  static final String CUSTOMERS_STORE = "customers";

  private LeadTopology() {}

  enum StoreKind { MEMORY, ROCKSDB }

  static Topology build(String raw, String keyed, String progression, String dlq, StoreKind storeKind) {
    StreamsBuilder builder = new StreamsBuilder();

    // ---- ingest: ingest.ts (no erasures: the reference has no erasure input)
    KStream<byte[], Object> parsed = builder
        .stream(raw, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("raw"))
        .processValues(ParseProcessor::new, Named.as("parse"));
    Map<String, KStream<byte[], Object>> routes = parsed.split(Named.as("route-"))
        .branch((key, value) -> value instanceof Lead, Branched.as("lead"))
        .defaultBranch(Branched.as("rejected"));
    routes.get("route-lead")
        .map((key, value) -> KeyValue.pair(((Lead) value).customerId, (Lead) value), Named.as("key-by-customer"))
        .to(keyed, Produced.with(Serdes.String(), JsonSerdes.LEAD).withName("keyed"));
    // ingest.ts keys a dead letter by the raw key read as UTF-8 text (null stays null)
    routes.get("route-rejected")
        .map((key, value) -> KeyValue.pair(key == null ? null : JsText.decodeUtf8(key), (Rejection) value), Named.as("as-rejection"))
        .to(dlq, Produced.with(Serdes.String(), JsonSerdes.REJECTION).withName("dlq"));

    // ---- aggregate: aggregate.ts (leads only: no follow-ups, erasures or alerts)
    KeyValueBytesStoreSupplier supplier = storeKind == StoreKind.MEMORY
        ? Stores.inMemoryKeyValueStore(CUSTOMERS_STORE)
        : Stores.persistentKeyValueStore(CUSTOMERS_STORE);
    StoreBuilder<KeyValueStore<String, CustomerState>> store = Stores
        .keyValueStoreBuilder(supplier, Serdes.String(), JsonSerdes.CUSTOMER)
        .withCachingEnabled();
    builder.addStateStore(store);
    builder.stream(keyed, Consumed.with(Serdes.String(), JsonSerdes.LEAD).withName("keyed-leads"))
        .process(AggregateProcessor::new, Named.as("aggregate"), CUSTOMERS_STORE)
        .to(progression, Produced.with(Serdes.String(), JsonSerdes.PROGRESSED).withName("progression"));

    return builder.build();
  }

  /** parseLead with the record timestamp (ingest.ts); the record keeps its key and timestamp. */
  static final class ParseProcessor implements FixedKeyProcessor<byte[], byte[], Object> {
    private FixedKeyProcessorContext<byte[], Object> context;

    @Override
    public void init(FixedKeyProcessorContext<byte[], Object> context) {
      this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<byte[], byte[]> record) {
      context.forward(record.withValue(LeadParser.parse(record.value(), record.timestamp())));
    }
  }

  /** aggregate.ts onLead: applyLead on the stored state, put it back, forward each progression (record timestamp). */
  static final class AggregateProcessor implements Processor<String, Lead, String, FunnelProgressed> {
    private ProcessorContext<String, FunnelProgressed> context;
    private KeyValueStore<String, CustomerState> customers;

    @Override
    public void init(ProcessorContext<String, FunnelProgressed> context) {
      this.context = context;
      this.customers = context.getStateStore(CUSTOMERS_STORE);
    }

    @Override
    public void process(Record<String, Lead> record) {
      Lead lead = record.value();
      if (lead == null) return;
      CustomerState state = customers.get(lead.customerId);
      if (state == null) state = Funnel.initialState(lead.customerId, lead.identity);
      FunnelProgressed progressed = Funnel.apply(state, lead);
      customers.put(lead.customerId, state);
      if (progressed != null) context.forward(new Record<>(progressed.customerId, progressed, record.timestamp(), record.headers()));
    }
  }
}
