/** A clock a test moves forward, e.g. to the day a follow-up falls due. */
export class TestClock {
  private current: Date;

  constructor(start: string) {
    this.current = new Date(start);
  }

  now = (): Date => this.current;

  set(instant: string): void {
    this.current = new Date(instant);
  }
}
