import { useEffect } from "react";
import { localePath, type Locale } from "../i18n/locales.ts";
import { translator } from "../i18n/translate.ts";
import { homeScreenFor } from "../navigation/screens.ts";
import { useViewer } from "../session/use-viewer.ts";
import { PortalProvider } from "./portal-provider.tsx";

/** The start page (/) forwards to the viewer's role's first screen (navigation/screens.ts). */
export default function GoHome({ locale }: { locale: Locale }) {
  return (
    <PortalProvider>
      <GoHomeContent locale={locale} />
    </PortalProvider>
  );
}

function GoHomeContent({ locale }: { locale: Locale }) {
  const { viewer } = useViewer();
  const role = viewer?.role;
  useEffect(() => {
    if (role) window.location.replace(localePath(locale, homeScreenFor(role).path));
  }, [role, locale]);
  return <p className="loading">{translator(locale)("app.loading")}</p>;
}
