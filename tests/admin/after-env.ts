import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// The first render of a file loads the admin's providers and lazy modules: on a machine busy with
// the integration tests beside it, that took longer than the 1 s `findBy…` waits by default.
configure({ asyncUtilTimeout: 5_000 });
