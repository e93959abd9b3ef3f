export function SidebarRoute() {
  return (
    <main className="page page-narrow">
      <h1>Sidebar</h1>
      <p>Missive shows this page beside the selected conversation. Its CRM context comes next.</p>
    </main>
  );
}
