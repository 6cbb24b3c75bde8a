function parse(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch (error) {
    return (error as Error).name;
  }
}
// %% cell
console.log(parse('{"a":1}'), parse("{nope"));
try {
  null!.toString();
} catch (e) {
  console.log(e instanceof TypeError);
} finally {
  console.log("finally");
}
