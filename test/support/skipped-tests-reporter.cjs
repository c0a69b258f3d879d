// Lists every skipped test by name at the end of the run, in the normal output, so a test that
// could not run (its name says why) is never mistaken for one that passed.
class SkippedTestsReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.testResults.flatMap((file) =>
      file.testResults
        .filter((test) => test.status === 'pending' || test.status === 'todo')
        .map((test) => `  - ${test.fullName} (${file.testFilePath.replace(process.cwd() + '/', '')})`),
    );
    if (skipped.length === 0) return;
    process.stdout.write(`\n${skipped.length} test(s) did not run:\n${skipped.join('\n')}\n\n`);
  }
}
module.exports = SkippedTestsReporter;
