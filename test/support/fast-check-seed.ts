import fc from 'fast-check';

// Property tests run the same cases on every machine, so a CI result is reproducible; FC_SEED=<n>
// (or FC_SEED=random) explores other cases, and a failure prints the seed and path to replay it.
const chosen = process.env['FC_SEED'];
if (chosen !== 'random') fc.configureGlobal({ seed: chosen ? Number(chosen) : 20_261_201 });
