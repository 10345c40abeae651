/* global Blob, URL, document */
import { apiFile } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { errorMessage } from './error-notice.js';

/**
 * A button that downloads an application's bibliographic data as a WIPO ST.96 exchange document (the API needs
 * the sign-in token, so a fetch rather than a plain link), saved as `<application number>.st96.xml`.
 */
export function st96DownloadButton(scenarioId, applicationId) {
  const problem = h('span', { className: 'field-error', role: 'alert', hidden: true });
  const button = h('button', { type: 'button', className: 'secondary', id: 'st96-download' }, t('record:st96Download'));
  button.addEventListener('click', async () => {
    problem.hidden = true;
    button.disabled = true;
    try {
      const path = `/api/${scenarioId}/applications/${encodeURIComponent(applicationId)}/st96`;
      const xml = await (await apiFile('GET', path)).blob();
      const url = URL.createObjectURL(new Blob([xml], { type: 'application/xml' }));
      const link = h('a', { href: url, download: `${applicationId}.st96.xml`, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      URL.revokeObjectURL(url);
    } catch (err) {
      problem.textContent = errorMessage(err);
      problem.hidden = false;
    } finally {
      button.disabled = false;
    }
  });
  return h('div', { className: 'actions' }, button, ' ', problem);
}
