/** An element: `h("a", {href}, "text", child)`; attributes set as properties when they exist, else as attributes. */
export function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  Object.entries(attributes || {}).forEach(([name, value]) => {
    if (value === undefined || value === null || value === false) return;
    if (name === "dataset") Object.assign(element.dataset, value);
    else if (name in element && name !== "list") element[name] = value;
    else element.setAttribute(name, value);
  });
  children.flat().forEach((child) => { if (child !== null && child !== undefined && child !== "") element.append(child); });
  return element;
}
