-- decree warehouse schema, version 1 (PRAGMA user_version = 1).
-- Every table is keyed by document_id first: loading a document deletes its rows
-- and inserts them again, so a reload never duplicates.

CREATE TABLE documents (
    id              TEXT PRIMARY KEY,      -- sha256:… of the source bytes
    source_path     TEXT NOT NULL,
    format          TEXT NOT NULL,
    number          TEXT,
    symbol          TEXT,
    doc_type        TEXT,
    issuer          TEXT,
    locality        TEXT,
    locality_level  TEXT,                  -- national / province / district / commune
    place           TEXT,
    issued_on       TEXT,
    title           TEXT,
    period_from     INTEGER,
    period_to       INTEGER,
    indices         TEXT NOT NULL,         -- JSON array: ["PCI","PAPI",…]
    signer_name     TEXT,
    signer_position TEXT,
    loaded_at       TEXT NOT NULL DEFAULT (datetime('now'))
);

CREATE TABLE indicators (
    document_id TEXT NOT NULL REFERENCES documents(id),
    id          TEXT NOT NULL,             -- PAPI:1.1
    index_name  TEXT NOT NULL,
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,
    parent      TEXT,
    max         REAL,
    catalog     TEXT,
    PRIMARY KEY (document_id, id)
);
CREATE INDEX indicators_catalog ON indicators(catalog);

CREATE TABLE targets (
    document_id         TEXT NOT NULL REFERENCES documents(id),
    seq                 INTEGER NOT NULL,  -- position in the document's targets
    indicator_id        TEXT NOT NULL,
    direction           TEXT,
    baseline_year       INTEGER,
    baseline_value      REAL,
    baseline_value_to   REAL,
    baseline_comparator TEXT,
    baseline_rank       INTEGER,
    baseline_rank_to    INTEGER,
    baseline_rank_of    INTEGER,
    baseline_group      TEXT,
    baseline_raw        TEXT,
    target_year         INTEGER,
    target_value        REAL,
    target_value_to     REAL,
    target_comparator   TEXT,
    target_rank         INTEGER,
    target_rank_to      INTEGER,
    target_rank_of      INTEGER,
    target_group        TEXT,
    target_raw          TEXT,
    target_max          REAL,
    line                INTEGER,
    page                INTEGER,
    PRIMARY KEY (document_id, seq)
);
CREATE INDEX targets_indicator ON targets(document_id, indicator_id);

CREATE TABLE tasks (
    document_id    TEXT NOT NULL REFERENCES documents(id),
    id             TEXT NOT NULL,
    kind           TEXT NOT NULL,          -- task / duty
    code           TEXT,
    path           TEXT NOT NULL,          -- JSON array of headings
    index_name     TEXT,
    indicator_id   TEXT,
    text           TEXT NOT NULL,
    result         TEXT,
    deadline_raw   TEXT,
    deadline_kind  TEXT NOT NULL,          -- date / period / recurring / event / none
    deadline_from  TEXT,
    deadline_to    TEXT,
    deadline_every TEXT,
    line           INTEGER,
    page           INTEGER,
    PRIMARY KEY (document_id, id)
);
CREATE INDEX tasks_index ON tasks(index_name, indicator_id);
CREATE INDEX tasks_deadline ON tasks(deadline_to);

CREATE TABLE task_agencies (
    document_id TEXT NOT NULL REFERENCES documents(id),
    task_id     TEXT NOT NULL,
    role        TEXT NOT NULL,             -- lead / support / monitor
    position    INTEGER NOT NULL,          -- order within the role's cell
    name        TEXT NOT NULL,             -- as printed
    canonical   TEXT NOT NULL,             -- gazetteer name, or as printed when unknown
    known       INTEGER NOT NULL,          -- 1 when the gazetteer knows the body
    PRIMARY KEY (document_id, task_id, role, position)
);
CREATE INDEX task_agencies_canonical ON task_agencies(canonical, role);

CREATE TABLE findings (
    document_id TEXT NOT NULL REFERENCES documents(id),
    seq         INTEGER NOT NULL,
    rule        TEXT NOT NULL,
    severity    TEXT NOT NULL,             -- error / warning / info
    subjects    TEXT NOT NULL,             -- JSON array of record ids
    message     TEXT NOT NULL,
    expected    REAL,
    actual      REAL,
    line        INTEGER,
    page        INTEGER,
    PRIMARY KEY (document_id, seq)
);
CREATE INDEX findings_rule ON findings(rule, severity);

-- Targets with the province they are for (the document's locality when it is a
-- province) and the indicator's name; max is the target's printed maximum, else the
-- indicator's.
CREATE VIEW v_targets_by_province AS
SELECT d.id AS document_id, d.number AS document_number,
       CASE WHEN d.locality_level = 'province' THEN d.locality END AS province,
       d.locality, d.locality_level,
       i.index_name, t.indicator_id, i.name AS indicator_name, i.catalog,
       t.baseline_year, t.baseline_value, t.baseline_rank, t.baseline_raw,
       t.target_year AS year, t.target_value, t.target_rank, t.target_raw,
       COALESCE(t.target_max, i.max) AS max, t.direction
FROM targets t
JOIN documents d ON d.id = t.document_id
LEFT JOIN indicators i ON i.document_id = t.document_id AND i.id = t.indicator_id;

-- One row per (task, body, role), bodies under their gazetteer name.
CREATE VIEW v_tasks_by_agency AS
SELECT a.canonical AS agency, a.name AS agency_printed, a.role,
       t.document_id, d.number AS document_number, d.locality,
       t.id AS task_id, t.code, t.index_name, t.indicator_id, t.text AS task,
       t.deadline_kind, t.deadline_from, t.deadline_to, t.deadline_raw
FROM task_agencies a
JOIN tasks t ON t.document_id = a.document_id AND t.id = a.task_id
JOIN documents d ON d.id = a.document_id;

-- Findings someone has to act on: errors and warnings (info findings are notes).
CREATE VIEW v_open_findings AS
SELECT f.document_id, d.number AS document_number, d.source_path, f.severity, f.rule,
       f.message, f.subjects, f.expected, f.actual, f.line, f.page
FROM findings f
JOIN documents d ON d.id = f.document_id
WHERE f.severity IN ('error', 'warning');
