import { defineSecureSum } from '@scenechain/scene-kit';
import { handlers, inspectors } from './parties';

/**
 * A recall's first question, "how much of the recalled product is still out there?", answered without any org
 * telling another its stock: a secure sum of each org's stock of the product (kit `defineSecureSum`). Any org on
 * the channel whose peer runs this chaincode may take part (an org whose peer does not run it cannot deliver its
 * shares, so its round fails at the deadline); its operators, carriers or the regulator's inspectors act for it.
 */
export const recallStockSum = defineSecureSum({ by: [...handlers, ...inspectors] });
