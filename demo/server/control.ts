// Moved to src/mock-backend (the framework-free protocol engine); kept so existing imports still work.
export * from '../../src/mock-backend/control.js';
