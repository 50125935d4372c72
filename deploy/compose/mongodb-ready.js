// Healthcheck of the compose stack's MongoDB (mongosh, run inside its container by docker-compose.yml).
// Healthy means: the one-member replica set rs0 is initiated and this member is its writable primary,
// and the application's user exists. Each step runs once; later checks only look.
const env = process.env;
const admin = db.getSiblingDB('admin');
admin.auth(env.MONGO_INITDB_ROOT_USERNAME, env.MONGO_INITDB_ROOT_PASSWORD);
try {
  rs.status();
} catch (e) {
  if (e.codeName !== 'NotYetInitialized') {
    throw e;
  }
  // the member's name is the service name, so the apps on the compose network can reach what it announces
  rs.initiate({ _id: 'rs0', members: [{ _id: 0, host: 'mongodb:27017' }] });
}
if (!admin.hello().isWritablePrimary) {
  quit(1);
}
if (admin.getUser(env.MONGODB_USER) === null) {
  admin.createUser({ user: env.MONGODB_USER, pwd: env.MONGODB_PASSWORD,
    roles: [{ role: 'readWrite', db: 'threadline' }] });
}
