for (var i = 0; i < 3; i++) {
  var last = i * 10;
}
console.log(i, last);
// %% cell
if (last > 0) var flag = "set";
console.log(flag);
