/** When a commitment is due: a date it can be held to, or why none can be computed. `phrase` is the time limit as written. */
export type CommitmentDue =
  | { kind: 'date'; phrase: string; /** End of the due day, 23:59:59.999 China time. */ dueAt: string }
  | { kind: 'unknown'; phrase: string; reason: string };

/** One promise found in an approved reply: what was promised, by whom, by when, and whether it is vague. */
export interface Commitment {
  /** The clause(s) making the promise, exactly as in the text: text.slice(start, end) === span.text. */
  span: { start: number; end: number; text: string };
  /** The whole sentence the promise stands in, for the reviewer to read it in context. */
  text: string;
  /**
   * Who makes the promise: the government (the replying unit, or a public body acting for it),
   * or a named party outside it (a developer, a company, a property company) whose promise the
   * reply relays. A citizen's own rights and procedures are no commitment and are not returned.
   */
  promiser: 'government' | 'third-party';
  /** The third party as the reply names it ("物业公司", "开发商"); only for third-party promises. */
  party?: string;
  /** The department named in or just before the clause, else the replying department; absent when neither is known. For a third-party promise, the unit that relays it and answers for following it up. */
  owner?: string;
  /** Absent when the promise names no time limit at all. */
  due?: CommitmentDue;
  /** Whether the promise leans on words that set no checkable limit ("尽快", "近期", "争取"). */
  vague: boolean;
  vagueWords: string[];
}

/** Options of extractCommitments. */
export interface ExtractOptions {
  /**
   * The instant the reply was approved or published. Relative limits ("3个工作日内", "本月底前")
   * count from the date the reply signs itself with at its end, when it has a plausible one, else
   * from this instant's China date.
   */
  referenceDate: number;
  /** The replying department, owner of promises made as "我局", "我们" or without a named department. */
  defaultOwner?: string;
  /** Department names to recognise in the text before the built-in name pattern is tried. */
  knownDepartments?: string[];
}
