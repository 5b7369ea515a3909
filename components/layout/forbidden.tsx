/** Shown instead of a page the signed-in role may not use (the server refuses the actions too). */
export function Forbidden({ role, what }: { role: string; what: string }) {
  return (
    <section role="alert" className="forbidden">
      <h1>Not available to your role</h1>
      <p>
        The <strong>{role}</strong> role cannot {what}. Ask an admin if you need it.
      </p>
    </section>
  );
}
