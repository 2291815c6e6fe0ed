declare module 'virtual:vmlint-rules' {
  const rules: unknown[];
  export default rules;
}
