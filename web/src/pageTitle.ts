import { watchEffect, type MaybeRefOrGetter, toValue } from 'vue';

import { SERVICE_NAME } from '../../model/labels';

export { SERVICE_NAME };

/** Keeps the document title naming the current page, which screen readers announce on navigation. */
export function usePageTitle(title: MaybeRefOrGetter<string>): void {
  watchEffect(() => {
    const page = toValue(title);
    document.title = page ? `${page} – ${SERVICE_NAME}` : SERVICE_NAME;
  });
}
