// @peculiar/x509 resolves its algorithm providers through tsyringe, which needs the Reflect metadata API
// before the library loads; importing it through this module keeps that order in one place.
import 'reflect-metadata';
export * from '@peculiar/x509';
