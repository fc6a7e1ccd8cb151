import { Subject, concatMap, defer } from 'rxjs';

/**
 * One task's jobs (batches, commits, punctuations, close) run one after another, in the order they were asked
 * for: RxJS's concatMap as the glue. Each task has its own queue, so no partition ever waits on another.
 */
export class SerialQueue {
  private readonly jobs = new Subject<() => Promise<void>>();

  constructor() {
    this.jobs.pipe(concatMap((job) => defer(job))).subscribe();
  }

  run<T>(job: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.jobs.next(() => job().then(resolve, reject));
    });
  }
}
