import { useMutation } from "urql";
import { PortalProvider } from "../components/portal-provider.tsx";
import { graphql } from "../graphql/graphql.ts";
import { localePath, type Locale } from "../i18n/locales.ts";
import { translator } from "../i18n/translate.ts";
import { isReadOnly, screensFor, type ScreenKey } from "../navigation/screens.ts";
import { signOutThenSignIn } from "./sign-in-url.ts";
import { useViewer } from "./use-viewer.ts";

const LogoutMutation = graphql(`
  mutation Logout {
    logout
  }
`);

interface Props {
  locale: Locale;
  /** The screen this page is, marked as the current link. */
  current?: ScreenKey;
}

/**
 * The signed-in part of every protected page's header: the screens the viewer's role sees, who
 * is signed in, and signing out. Being on every protected page, it is also what sends an
 * anonymous visitor to sign-in.
 */
export default function SessionBar(props: Props) {
  return (
    <PortalProvider>
      <SessionBarContent {...props} />
    </PortalProvider>
  );
}

function SessionBarContent({ locale, current }: Props) {
  const t = translator(locale);
  const { viewer } = useViewer();
  const [logout, runLogout] = useMutation(LogoutMutation);

  if (!viewer) return <p className="session-bar session-bar-pending">{t("app.loading")}</p>;

  const signOut = () => signOutThenSignIn(() => runLogout({}), localePath(locale, "/login/"));

  return (
    <div className="session-bar">
      <nav aria-label={t("nav.label")}>
        <ul className="nav-links">
          {screensFor(viewer.role).map((screen) => (
            <li key={screen.key}>
              <a href={localePath(locale, screen.path)} aria-current={screen.key === current ? "page" : undefined}>
                {t(screen.label)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <p className="signed-in">
        <span data-testid="signed-in-as">{t("session.signedInAs", { name: viewer.displayName, role: t(`role.${viewer.role}`) })}</span>
        {isReadOnly(viewer.role) && <span className="badge badge-neutral">{t("session.readOnly")}</span>}
      </p>
      <button type="button" className="button-secondary" onClick={signOut} disabled={logout.fetching}>
        {t("session.signOut")}
      </button>
    </div>
  );
}
