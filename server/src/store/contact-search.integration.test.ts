import { describeContactSearch } from './contact-search-suite';
import { postgresEngine } from './test-engines';

/** The contact search's suite on a real PostgreSQL: the same answers as SQLite's FTS5. */
describeContactSearch(postgresEngine());
