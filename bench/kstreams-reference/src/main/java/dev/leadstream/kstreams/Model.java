package dev.leadstream.kstreams;

import java.util.ArrayList;
import java.util.List;

/** The data model (src/domain/lead.ts, customerState.ts, events.ts, rejection.ts), as plain mutable Java. */
final class Model {
  private Model() {}

  /** PROFILE_FIELDS order. */
  static final String[] PROFILE_FIELDS = {"firstName", "lastName", "email", "phone", "country", "company", "title"};
  static final int FIRST_NAME = 0, LAST_NAME = 1, EMAIL = 2, PHONE = 3, COUNTRY = 4, COMPANY = 5, TITLE = 6;

  /** ACTIONS order: PLT, StartTestDrive, INS, Create, DNC. */
  static final String[] ACTIONS = {"PLT", "StartTestDrive", "INS", "Create", "DNC"};
  static final int DNC = 4;

  /** SOURCES order. */
  static final String[] SOURCES = {"AzureMarketplace", "AzurePortal", "AppSource (SPZA)", "TestDrive"};

  /** STAGES, by rank: NONE < INTERESTED < TRIAL < ACTIVE. */
  static final String[] STAGES = {"NONE", "INTERESTED", "TRIAL", "ACTIVE"};

  /** stage.ts stageOf, as a rank; -1 for DNC (no stage). Indexed by action. */
  static final int[] STAGE_OF_ACTION = {1, 2, 3, 3, -1};

  /** stage.ts FOLLOW_UP_MS. */
  static final long FOLLOW_UP_MS = 86_400_000L;

  /** No time (null in the view). */
  static final long NO_TIME = Long.MIN_VALUE;

  static int indexOf(String[] names, String name) {
    for (int i = 0; i < names.length; i++) if (names[i].equals(name)) return i;
    return -1;
  }

  /** lead.ts Lead: a parsed, normalized, identified lead. */
  static final class Lead {
    String customerId;
    String identity;
    String source;
    int action;
    String offer;
    String publisherId;
    String offerId;
    /** Normalized fields, PROFILE_FIELDS order; null = missing. */
    final String[] profile = new String[PROFILE_FIELDS.length];
    long occurredAt;
  }

  /** rejection.ts Rejection. */
  static final class Rejection {
    final String code;
    final String reason;

    Rejection(String code, String reason) {
      this.code = code;
      this.reason = reason;
    }
  }

  /** customerState.ts OfferFunnel. */
  static final class OfferFunnel {
    String offer;
    String publisherId;
    String offerId;
    int stage;
    boolean doNotContact;
    long leads;
    /** Per action (ACTIONS order), the earliest occurredAt; NO_TIME when the customer never sent it. */
    final long[] firstAt = {NO_TIME, NO_TIME, NO_TIME, NO_TIME, NO_TIME};
    long lastAt;
    /** Follow-ups and alerts are not part of the reference: these keep their initial values. */
    long followedUpAt = NO_TIME;
    String alertedOverdue;
    boolean alertedStalled;
  }

  /** customerState.ts CustomerState (= the customer view). */
  static final class CustomerState {
    String customerId;
    String identity;
    final String[] profile = new String[PROFILE_FIELDS.length];
    final long[] profileUpdatedAt = {NO_TIME, NO_TIME, NO_TIME, NO_TIME, NO_TIME, NO_TIME, NO_TIME};
    /** Sorted by offer (code-unit order). */
    final List<OfferFunnel> offers = new ArrayList<>(2);
    long leads;
    long duplicateLeads;
    long firstSeenAt = NO_TIME;
    long lastSeenAt = NO_TIME;
  }

  /** events.ts FunnelProgressed. */
  static final class FunnelProgressed {
    String customerId;
    String offer;
    String publisherId;
    String offerId;
    int fromStage;
    int toStage;
    int action;
    String source;
    long occurredAt;
    long followUpBy;
  }
}
