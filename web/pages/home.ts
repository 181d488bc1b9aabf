import { html, type SafeHtml } from '../../render/html';
import { page } from './layout';

export interface HomePageData {
  councils: Array<{ name: string; _count: { members: number; establishments: number; panels: number } }>;
  localLinks?: { temporalUi?: string; mailInbox?: string };
}

export function homePage({ councils, localLinks }: HomePageData): SafeHtml {
  return page(
    'Home',
    html`<h1>Corporate Parenting Engine</h1>
      <p>
        Keeps the council's corporate parenting duties to looked-after children: Regulation 33 visits, training renewals, the pledge and
        panel reports.
      </p>
      <h2>Councils</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Council</th>
            <th scope="col">Members</th>
            <th scope="col">Homes and offices</th>
            <th scope="col">Panels</th>
          </tr>
        </thead>
        <tbody>
          ${councils.map(
            (council) =>
              html`<tr>
                <td>${council.name}</td>
                <td>${council._count.members}</td>
                <td>${council._count.establishments}</td>
                <td>${council._count.panels}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      <h2>For developers</h2>
      <ul>
        <li>Officer API: <code>/api/v1</code> (send <code>Authorization: Bearer &lt;token&gt;</code>)</li>
        <li><a href="/healthz">Health check</a></li>
        ${localLinks?.temporalUi ? html`<li><a href="${localLinks.temporalUi}">Temporal UI</a>: every workflow and its history</li>` : ''}
        ${localLinks?.mailInbox ? html`<li><a href="${localLinks.mailInbox}">Mail inbox</a>: every email the engine sends</li>` : ''}
      </ul>`,
  );
}
