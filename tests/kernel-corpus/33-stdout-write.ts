process.stdout.write("no newline, ");
process.stdout.write("then one\n");
console.log("done");
