export * from './constants';
export * from './contracts/health';
export * from './contracts/history';
export * from './contracts/settings';
export * from './contracts/fields';
export * from './contracts/field-labels';
export * from './contracts/change-record';
export * from './contracts/translations';
