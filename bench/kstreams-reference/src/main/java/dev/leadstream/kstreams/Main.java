package dev.leadstream.kstreams;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

/**
 * {@code java -jar kstreams-reference.jar --bootstrap HOST:PORT --app-id ID --raw TOPIC --keyed TOPIC
 * --progression TOPIC --dlq TOPIC --store memory|rocksdb [--state-dir DIR] [--threads 1]}
 */
public final class Main {
  private Main() {}

  private static final String USAGE = "usage: java -jar kstreams-reference.jar --bootstrap HOST:PORT --app-id ID --raw TOPIC"
      + " --keyed TOPIC --progression TOPIC --dlq TOPIC --store memory|rocksdb [--state-dir DIR] [--threads 1]";

  public static void main(String[] args) throws Exception {
    Map<String, String> options = parseArgs(args);
    if (options == null) {
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    LeadTopology.StoreKind storeKind;
    switch (options.get("store")) {
      case "memory": storeKind = LeadTopology.StoreKind.MEMORY; break;
      case "rocksdb": storeKind = LeadTopology.StoreKind.ROCKSDB; break;
      default:
        System.err.println("--store must be memory or rocksdb\n" + USAGE);
        System.exit(2);
        return;
    }
    int threads;
    try {
      threads = Integer.parseInt(options.getOrDefault("threads", "1"));
      if (threads < 1) throw new NumberFormatException();
    } catch (NumberFormatException e) {
      System.err.println("--threads must be a positive integer\n" + USAGE);
      System.exit(2);
      return;
    }
    boolean ownStateDir = !options.containsKey("state-dir");
    String stateDir = ownStateDir ? tempStateDir() : options.get("state-dir");

    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, options.get("app-id"));
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, options.get("bootstrap"));
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");

    Topology topology = LeadTopology.build(options.get("raw"), options.get("keyed"), options.get("progression"), options.get("dlq"), storeKind);
    KafkaStreams streams = new KafkaStreams(topology, props);
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();

    streams.setStateListener((newState, oldState) -> {
      if (newState == KafkaStreams.State.RUNNING) say("STATE RUNNING");
      if (newState == KafkaStreams.State.ERROR || newState == KafkaStreams.State.NOT_RUNNING) stopped.countDown();
    });
    streams.setUncaughtExceptionHandler(exception -> {
      if (failure.compareAndSet(null, exception)) say("STATE ERROR " + oneLine(exception));
      stopped.countDown();
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      streams.close(Duration.ofSeconds(30));
      stopped.countDown();
      if (ownStateDir) deleteTree(Path.of(stateDir));
    }, "kstreams-reference-shutdown"));

    streams.start();
    stopped.await();
    if (failure.get() != null) {
      streams.close(Duration.ofSeconds(30));
      System.exit(1);
    }
  }

  private static synchronized void say(String line) {
    System.out.println(line);
    System.out.flush();
  }

  private static String oneLine(Throwable exception) {
    Throwable cause = exception;
    // Kafka Streams wraps the processing error in a StreamsException: name the root cause too.
    while (cause.getCause() != null && cause.getCause() != cause) cause = cause.getCause();
    String message = String.valueOf(exception.getMessage());
    if (cause != exception) message += " (caused by " + cause + ")";
    return message.replaceAll("\\s+", " ").trim();
  }

  /** The temporary state dir this process made (no --state-dir): removed at exit. */
  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // best effort: it is a temp dir
    }
  }

  private static String tempStateDir() throws IOException {
    return Files.createTempDirectory("kstreams-reference-").toString();
  }

  private static Map<String, String> parseArgs(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) return null;
      String name = arg.substring(2);
      String value;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else {
        if (i + 1 >= args.length) return null;
        value = args[++i];
      }
      switch (name) {
        case "bootstrap": case "app-id": case "raw": case "keyed": case "progression": case "dlq": case "store": case "state-dir": case "threads":
          options.put(name, value);
          break;
        default:
          return null;
      }
    }
    for (String required : new String[] {"bootstrap", "app-id", "raw", "keyed", "progression", "dlq", "store"}) {
      if (!options.containsKey(required)) return null;
    }
    return options;
  }
}
