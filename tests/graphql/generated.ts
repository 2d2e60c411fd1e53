// The tests use the typed documents the package ships to browser apps (src/client, `netia/client`).
export * from '../../src/client/generated';
