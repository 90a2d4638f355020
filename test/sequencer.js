const fs = require('node:fs');
const Sequencer = require('@jest/test-sequencer').default;

/** The tag a suite's opening comment carries when it takes far longer than its size suggests. */
const LONG_RUNNING = /@long-running\b/;

/**
 * Jest's order (failed first, then the slowest of the last run first), except that on a run with
 * no timings yet (a fresh clone, as in CI) it guesses a suite's length from its file's size. A small
 * file that ingests a corpus, reads scans or drives a browser would then start near the end and
 * leave one core working alone; suites tagged @long-running start first instead.
 */
class LongRunningFirst extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const tagged = (test) => test.duration == null && !this.hasFailed(test) && LONG_RUNNING.test(fs.readFileSync(test.path, 'utf8').slice(0, 2000));
    const first = sorted.filter(tagged);
    const failed = sorted.filter((t) => this.hasFailed(t));
    return [...failed, ...first, ...sorted.filter((t) => !first.includes(t) && !failed.includes(t))];
  }
}

module.exports = LongRunningFirst;
