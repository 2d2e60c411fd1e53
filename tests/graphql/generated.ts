// The tests use the typed documents the package ships to browser apps (client/, `netia/client`).
export * from '../../client/generated';
