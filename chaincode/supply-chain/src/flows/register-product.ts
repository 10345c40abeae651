import { identifier, plainStep, requireAccess, submitFlow, text } from '@scenechain/scene-kit';
import { z } from 'zod';
import { products, units } from '../model/product';
import { producers } from '../parties';

export const registerProduct = submitFlow(
  'Registers a trade item; the submitting enterprise becomes its brand owner.',
  z.strictObject({ productId: identifier, name: text(200), unit: units }),
  async (scene, input) => {
    requireAccess(scene.actor, producers, 'register a product');
    return products.create(
      scene,
      {
        id: input.productId,
        name: input.name,
        unit: input.unit,
        owner: scene.actor.mspId,
        registeredAt: scene.now.iso,
      },
      { step: plainStep('registerProduct', 'ProductRegistered') },
    );
  },
);
