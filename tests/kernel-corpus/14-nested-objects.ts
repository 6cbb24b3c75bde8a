const config = { server: { port: 8080, hosts: ["a", "b"], tls: { enabled: false, cert: { path: "/x" } } }, debug: true };
// %% cell
console.log(config);
console.log({});
console.log([[1, [2, [3, [4]]]]]);
