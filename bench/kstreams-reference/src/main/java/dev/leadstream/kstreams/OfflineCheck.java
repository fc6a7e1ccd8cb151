package dev.leadstream.kstreams;

import dev.leadstream.kstreams.Model.CustomerState;
import dev.leadstream.kstreams.Model.FunnelProgressed;
import dev.leadstream.kstreams.Model.Lead;
import dev.leadstream.kstreams.Model.Rejection;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * A check of the rules without Kafka: the same parser, funnel and JSON as the topology, on stdin lines
 * {@code <timestamp ms>\t<base64 of the record value>} (one raw record each, in partition order).
 * <ul>
 *   <li>{@code parse}: one line per input, the keyed Lead JSON or the DLQ JSON;</li>
 *   <li>{@code run DIR}: writes DIR/customers.jsonl (the store values, by customerId), DIR/progression.jsonl and
 *       DIR/dlq.jsonl.</li>
 * </ul>
 */
public final class OfflineCheck {
  private OfflineCheck() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1 || !(args[0].equals("parse") || (args[0].equals("run") && args.length == 2))) {
      System.err.println("usage: OfflineCheck parse | OfflineCheck run DIR  (stdin: <timestamp>\\t<base64 value> per line)");
      System.exit(2);
    }
    boolean run = args[0].equals("run");
    Map<String, CustomerState> store = new TreeMap<>();
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    PrintStream progression = out;
    PrintStream dlq = out;
    Path dir = null;
    if (run) {
      dir = Path.of(args[1]);
      Files.createDirectories(dir);
      progression = new PrintStream(Files.newOutputStream(dir.resolve("progression.jsonl")), false, StandardCharsets.UTF_8);
      dlq = new PrintStream(Files.newOutputStream(dir.resolve("dlq.jsonl")), false, StandardCharsets.UTF_8);
    }
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.isEmpty()) continue;
      int tab = line.indexOf('\t');
      long timestamp = Long.parseLong(line.substring(0, tab));
      String b64 = line.substring(tab + 1);
      byte[] value = b64.equals("-") ? null : Base64.getDecoder().decode(b64);
      Object result = LeadParser.parse(value, timestamp);
      if (result instanceof Rejection) {
        println(dlq, JsonSerdes.REJECTION.serializer().serialize("dlq", (Rejection) result));
        continue;
      }
      Lead lead = JsonSerdes.LEAD.deserializer().deserialize("keyed", JsonSerdes.LEAD.serializer().serialize("keyed", (Lead) result));
      if (!run) {
        println(out, JsonSerdes.LEAD.serializer().serialize("keyed", lead));
        continue;
      }
      byte[] stored = null;
      CustomerState before = store.get(lead.customerId);
      CustomerState state = before == null ? Funnel.initialState(lead.customerId, lead.identity) : before;
      FunnelProgressed event = Funnel.apply(state, lead);
      // Round-trip through the store serde, as the changelog does.
      stored = JsonSerdes.CUSTOMER.serializer().serialize("customers", state);
      store.put(lead.customerId, JsonSerdes.CUSTOMER.deserializer().deserialize("customers", stored));
      if (event != null) println(progression, JsonSerdes.PROGRESSED.serializer().serialize("progression", event));
    }
    if (run) {
      try (PrintStream customers = new PrintStream(Files.newOutputStream(dir.resolve("customers.jsonl")), false, StandardCharsets.UTF_8)) {
        for (CustomerState state : store.values()) println(customers, JsonSerdes.CUSTOMER.serializer().serialize("customers", state));
      }
      progression.close();
      dlq.close();
    }
    out.flush();
  }

  private static void println(OutputStream out, byte[] bytes) throws java.io.IOException {
    out.write(bytes);
    out.write('\n');
  }
}
