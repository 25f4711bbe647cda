// The ZAF SDK ships no types; zaf-adapter.ts describes the part it uses.
declare module 'zendesk_app_framework_sdk';
