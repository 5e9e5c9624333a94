-- Chat history for the Chainlit app (its SQLAlchemy data layer), in the project's own database.
-- Column names are Chainlit's (camelCase, quoted). Beyond the documented DDL, Chainlit 2.12
-- writes steps."autoCollapse", "defaultOpen", "modes", "command" and elements."autoPlay",
-- "playerConfig": without them its upserts fail and the steps are silently lost.
-- A thread's id is the conversation id, so the graph's checkpoint thread and the chat history
-- of one conversation share one key (no mapping table).
CREATE TABLE users (
    "id"            uuid PRIMARY KEY,
    "identifier"    text NOT NULL UNIQUE,
    "metadata"      jsonb NOT NULL DEFAULT '{}',
    "createdAt"     text
);

CREATE TABLE threads (
    "id"            uuid PRIMARY KEY,
    "createdAt"     text,
    "name"          text,
    "userId"        uuid REFERENCES users ("id") ON DELETE CASCADE,
    "userIdentifier" text,
    "tags"          text[],
    "metadata"      jsonb
);
CREATE INDEX threads_user_idx ON threads ("userId");
CREATE INDEX threads_user_identifier_idx ON threads ("userIdentifier");

CREATE TABLE steps (
    "id"            uuid PRIMARY KEY,
    "name"          text NOT NULL,
    "type"          text NOT NULL,
    "threadId"      uuid NOT NULL REFERENCES threads ("id") ON DELETE CASCADE,
    "parentId"      uuid,
    "streaming"     boolean NOT NULL,
    "waitForAnswer" boolean,
    "isError"       boolean,
    "metadata"      jsonb,
    "tags"          text[],
    "input"         text,
    "output"        text,
    "createdAt"     text,
    "command"       text,
    "modes"         jsonb,
    "start"         text,
    "end"           text,
    "generation"    jsonb,
    "showInput"     text,
    "language"      text,
    "indent"        int,
    "defaultOpen"   boolean,
    "autoCollapse"  boolean
);
CREATE INDEX steps_thread_idx ON steps ("threadId", "createdAt");

CREATE TABLE elements (
    "id"            uuid PRIMARY KEY,
    "threadId"      uuid REFERENCES threads ("id") ON DELETE CASCADE,
    "type"          text,
    "url"           text,
    "chainlitKey"   text,
    "name"          text NOT NULL,
    "display"       text,
    "objectKey"     text,
    "size"          text,
    "page"          int,
    "language"      text,
    "forId"         uuid,
    "mime"          text,
    "props"         jsonb,
    "autoPlay"      boolean,
    "playerConfig"  jsonb
);
CREATE INDEX elements_thread_idx ON elements ("threadId");

CREATE TABLE feedbacks (
    "id"            uuid PRIMARY KEY,
    "forId"         uuid NOT NULL,
    "threadId"      uuid,
    "value"         int NOT NULL,
    "comment"       text
);
CREATE INDEX feedbacks_for_idx ON feedbacks ("forId");
