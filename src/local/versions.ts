/** One place for the embedded stack's versions (Maven coordinates). docker-compose.yml pins the same. */
export const KAFKA_VERSION = '4.3.1';
export const APICURIO_VERSION = '3.3.3';
/** Apicurio 3.3 is compiled for Java 21 (class file 65); Kafka 4.x brokers run on 17+. */
export const KAFKA_MIN_JAVA = 17;
export const APICURIO_MIN_JAVA = 21;
